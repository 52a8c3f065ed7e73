// Secrets: which a run needs, which a task gets, and the redaction of their values from what a
// run records. Pure: values come from the caller (CLI env/file, the app's secrets panel).
import { FlowWeaverError } from './errors.ts';
import type { SerializedError } from './types.ts';

/** What replaces a secret's value in results, logs and errors. */
export const REDACTED = '***';

/** The secret names declared by `tasks`, each once, in first-declared order. */
export function declaredSecrets(tasks: readonly { options: { secrets?: readonly string[] } }[]) {
  const names = new Set<string>();
  for (const task of tasks) for (const name of task.options.secrets ?? []) names.add(name);
  return [...names];
}

/**
 * The secrets `tasks` declare, from `values`, or throws `FlowWeaverError` `E_MISSING_SECRET`
 * naming every one that has no value (empty strings count as missing).
 */
export function requireSecrets(
  tasks: readonly { options: { secrets?: readonly string[] } }[],
  values: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const needed = declaredSecrets(tasks);
  const missing = needed.filter((name) => !(Object.hasOwn(values, name) && values[name]));
  if (missing.length > 0) {
    const list = missing.map((n) => `"${n}"`).join(', ');
    throw new FlowWeaverError(
      'E_MISSING_SECRET',
      `Missing secret${missing.length > 1 ? 's' : ''} ${list}: declared by this workflow's tasks but given no value`,
    );
  }
  const out: Record<string, string> = {};
  for (const name of needed) out[name] = values[name]!;
  return out;
}

/**
 * Replaces every exact occurrence of the secrets' values with {@link REDACTED} in text, in plain
 * objects and arrays (copied only where something changed), and in errors (a copy with the same
 * name, code and cause chain).
 */
export class Redactor {
  readonly #values: string[];

  /** `values`: the secret values of a run; empty ones are ignored; the longest are replaced first. */
  constructor(values: Iterable<string>) {
    this.#values = [...new Set(values)]
      .filter((v) => v.length > 0)
      .sort((a, b) => b.length - a.length);
  }

  /** True when there is nothing to redact. */
  get empty(): boolean {
    return this.#values.length === 0;
  }

  /** `text` with every secret value replaced. */
  text(text: string): string {
    let out = text;
    for (const value of this.#values)
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** `value` with secret values replaced in every string it holds (plain objects and arrays). */
  value<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return this.error(value) as T;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const next = this.value(value[i] as unknown, depth + 1);
        if (next !== value[i]) (copy ??= [...value])[i] = next;
      }
      return (copy ?? value) as T;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const cleanKey = this.text(key);
      const next = this.value(item, depth + 1);
      if (next !== item || cleanKey !== key) {
        copy ??= Object.assign(Object.create(proto) as object, value) as Record<string, unknown>;
        if (cleanKey !== key) delete copy[key];
        copy[cleanKey] = next;
      }
    }
    return (copy ?? value) as T;
  }

  /** An error whose message, stack or cause hold a secret value, as a copy without them; else itself. */
  error(error: unknown): unknown {
    if (!(error instanceof Error)) return this.value(error);
    const message = this.text(error.message);
    const stack = error.stack === undefined ? undefined : this.text(error.stack);
    const cause = 'cause' in error ? this.error(error.cause) : undefined;
    if (message === error.message && stack === error.stack && cause === error.cause) return error;
    const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
    for (const key of Object.getOwnPropertyNames(error)) {
      const item = (error as unknown as Record<string, unknown>)[key];
      Object.defineProperty(copy, key, {
        value: this.value(item),
        writable: true,
        configurable: true,
        enumerable: Object.prototype.propertyIsEnumerable.call(error, key),
      });
    }
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
    if (stack !== undefined)
      Object.defineProperty(copy, 'stack', { value: stack, writable: true, configurable: true });
    if (cause !== undefined)
      Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true });
    return copy;
  }

  /** A serialized error with its message, stack and causes redacted. */
  serialized(error: SerializedError): SerializedError {
    const out: SerializedError = { ...error, message: this.text(error.message) };
    if (error.stack !== undefined) out.stack = this.text(error.stack);
    if (error.cause !== undefined) out.cause = this.serialized(error.cause);
    return out;
  }
}
