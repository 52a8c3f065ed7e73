// The inputs of a task whose direct upstream tasks did not all produce a result (a trigger rule
// such as `all_done` runs a task after an upstream failed or was skipped). Reading such an input
// throws a MissingInputError that names the upstream and why it has no result, instead of giving
// `undefined` that a task would compute a wrong result from. Pure: used in-thread and in workers.
import { MissingInputError } from './errors.ts';
import { TaskStatus } from './status.ts';

/**
 * A direct upstream task without a result when an attempt starts. Plain data: it crosses to
 * workers with the attempt, where the guarded `inputs` is built (a Proxy cannot be cloned).
 */
export interface MissingInput {
  name: string;
  status: string;
  skipReason?: string | undefined;
}

/** Why an upstream task has no result, as the end of a sentence about it. */
export function missingInputReason(input: MissingInput): string {
  switch (input.status) {
    case TaskStatus.Failed:
      return 'failed';
    case TaskStatus.Cancelled:
      return 'was cancelled';
    case TaskStatus.Skipped:
      if (input.skipReason === 'upstream_failed')
        return 'was skipped because a task upstream of it failed (upstream_failed)';
      if (input.skipReason === 'trigger_rule')
        return 'was skipped because its trigger rule was not met (trigger_rule)';
      return input.skipReason ? `was skipped (${input.skipReason})` : 'was skipped';
    default:
      return `has not finished (it is ${input.status})`;
  }
}

/**
 * `inputs` (a prototype-free record of the results that exist) wrapped so that reading a name in
 * `missing` throws MissingInputError. Everything else behaves as the record does: a missing
 * upstream is not a key (`name in inputs` is false, `Object.keys` leaves it out), an undeclared
 * name reads `undefined`, and there is still no prototype.
 */
export function guardInputs(
  taskName: string,
  inputs: Record<string, unknown>,
  missing: readonly MissingInput[],
): Record<string, unknown> {
  const byName = new Map(missing.map((m) => [m.name, m]));
  return new Proxy(inputs, {
    get(target, key) {
      if (typeof key === 'string' && !Object.hasOwn(target, key)) {
        const input = byName.get(key);
        if (input) throw missingInputError(taskName, input);
      }
      return Reflect.get(target, key) as unknown;
    },
  });
}

/** The error for reading `input`. */
export function missingInputError(taskName: string, input: MissingInput): MissingInputError {
  return new MissingInputError(taskName, input.name, missingInputReason(input));
}

/**
 * `value` (a task's result) with every reference to `guarded` replaced by `plain`, in place inside
 * arrays, plain objects, Maps and Sets: a Proxy cannot be cloned (to a store, across threads), so
 * a task returning `{ all: inputs }` still returns data. Only called when some inputs are missing.
 */
export function unguardResult(value: unknown, guarded: object, plain: object): unknown {
  if (value === guarded) return plain;
  if (typeof value === 'object' && value !== null) replaceIn(value, guarded, plain, new Set());
  return value;
}

function replaceIn(value: object, guarded: object, plain: object, seen: Set<object>): void {
  if (seen.has(value) || value === plain) return;
  seen.add(value);
  const visit = (child: unknown): void => {
    if (typeof child === 'object' && child !== null && child !== guarded)
      replaceIn(child, guarded, plain, seen);
  };
  if (value instanceof Map) {
    for (const [key, child] of value) {
      if (child === guarded) value.set(key, plain);
      else visit(child);
    }
  } else if (value instanceof Set) {
    if (value.delete(guarded)) value.add(plain);
    for (const child of value) visit(child);
  } else if (Array.isArray(value) || isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === guarded) record[key] = plain;
      else visit(record[key]);
    }
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
