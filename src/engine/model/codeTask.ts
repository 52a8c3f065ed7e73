// Code tasks: the body of an async function, compiled with its upstream results in scope.
// Pure: used in-thread by the engine and inside workers; never touches the DOM or globals.
import { parse } from 'acorn';
import { missingInputError, type MissingInput } from './missingInputs.ts';

/** Names every code task has in scope; upstream tasks with these names are reachable only via `inputs`. */
export const CODE_TASK_SCOPE = [
  'inputs',
  'ctx',
  'signal',
  'log',
  'console',
  'params',
  'secrets',
] as const;

/**
 * Names a code task also has in scope for a mapped task's instance (`ctx.item`, `ctx.index`;
 * `undefined` elsewhere), unless an upstream local has the name: that one keeps its meaning.
 */
export const MAP_SCOPE = ['item', 'index'] as const;

const NONE: Readonly<Record<string, never>> = Object.freeze({});

/** A console-like sink that a code task's `console.*` calls are captured into. */
export interface CapturedConsole {
  log: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
}

/**
 * A compiled code task. `missing` lists the direct upstream tasks without a result: `inputs` is
 * then already guarded (see `guardInputs`), and their locals throw MissingInputError when read.
 */
export type CompiledCodeTask = (
  inputs: Record<string, unknown>,
  ctx: {
    signal: AbortSignal;
    log: (...args: unknown[]) => void;
    taskName?: string;
    params?: Readonly<Record<string, unknown>>;
    secrets?: Readonly<Record<string, string>>;
    item?: unknown;
    index?: number | undefined;
  },
  console: CapturedConsole,
  missing?: readonly MissingInput[],
) => Promise<unknown>;

/** A syntax problem in a code task, with a 1-based line and column within the code. */
export interface CodeSyntaxProblem {
  message: string;
  line: number;
  column: number;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

const identifierCache = new Map<string, boolean>();

/** True when `name` can be a local variable in a code task (an identifier, not reserved, not in scope). */
export function isScopeIdentifier(name: string): boolean {
  let ok = identifierCache.get(name);
  if (ok === undefined) {
    ok =
      /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name) &&
      !(CODE_TASK_SCOPE as readonly string[]).includes(name) &&
      canBeParameter(name);
    identifierCache.set(name, ok);
  }
  return ok;
}

function canBeParameter(name: string): boolean {
  try {
    // Strict mode, so `let`, `yield`, `static`, … are refused as they would be in the task body.
    // Parsed, not compiled: the app's pages allow no eval (`new Function`) under their CSP, and
    // `name` is already only letters, digits, `_` and `$`.
    parse(`"use strict"; (function (${name}) {});`, {
      ecmaVersion: 'latest',
      sourceType: 'script',
    });
    return name !== 'await' && name !== 'arguments' && name !== 'eval';
  } catch {
    return false;
  }
}

/** Parses a code task body; returns its first syntax problem or `null`. */
export function checkCodeSyntax(code: string): CodeSyntaxProblem | null {
  try {
    parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      locations: true,
    });
    return null;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const raw = error instanceof Error ? error.message : String(error);
    return {
      message: raw.replace(/\s*\(\d+:\d+\)$/, ''),
      line: loc?.line ?? 1,
      column: (loc?.column ?? 0) + 1,
    };
  }
}

/**
 * The upstream names a code task's body mentions (a plain text check, so it is conservative): only
 * those can be read as locals. Tasks that read no upstream by name (`return 1;`, or through
 * `inputs`) then compile to the same function whatever their upstreams: a chain of them compiles
 * once, not once per task.
 */
export function mentionedUpstream(code: string, upstream: readonly string[]): string[] {
  return upstream.filter((name) => code.includes(name));
}

/**
 * Compiles a code task. Upstream results whose names are identifiers and that the body mentions
 * become locals; the body sits in its own block so it may declare a local of the same name without
 * a redeclaration error. Every upstream result is in `inputs` either way.
 */
export function compileCodeTask(code: string, upstream: readonly string[]): CompiledCodeTask {
  const locals = mentionedUpstream(code, upstream).filter(isScopeIdentifier);
  const mapNames = MAP_SCOPE.filter((name) => !locals.includes(name));
  const fn = new AsyncFunction(
    ...CODE_TASK_SCOPE,
    ...mapNames,
    ...locals,
    `"use strict";\n{\n${code}\n}`,
  );
  let variants: Map<string, CompiledCodeTask> | undefined;
  return (inputs, ctx, console, missing) => {
    if (missing !== undefined && missing.length > 0) {
      const gone = new Map<string, MissingInput>();
      for (const m of missing) if (locals.includes(m.name)) gone.set(m.name, m);
      if (gone.size > 0) {
        variants ??= new Map();
        const key = [...gone.keys()].join('\n');
        let variant = variants.get(key);
        if (variant === undefined) {
          variant = withMissingLocals(code, locals, mapNames, gone, fn);
          variants.set(key, variant);
        }
        return variant(inputs, ctx, console);
      }
    }
    return callInScope(
      fn,
      inputs,
      ctx,
      console,
      mapNames,
      locals.map((name) => inputs[name]),
    );
  };
}

/**
 * Calls a compiled body with the {@link CODE_TASK_SCOPE} values, the {@link MAP_SCOPE} ones it
 * declares (`mapNames`), then the upstream locals.
 */
function callInScope(
  fn: (...args: unknown[]) => Promise<unknown>,
  inputs: Record<string, unknown>,
  ctx: Parameters<CompiledCodeTask>[1],
  console: CapturedConsole,
  mapNames: readonly string[],
  locals: readonly unknown[],
): Promise<unknown> {
  const params = ctx.params ?? NONE;
  const secrets = ctx.secrets ?? NONE;
  // Both map names, the usual case: no array built per call.
  if (mapNames.length === 2)
    return fn(
      inputs,
      ctx,
      ctx.signal,
      ctx.log,
      console,
      params,
      secrets,
      ctx.item,
      ctx.index,
      ...locals,
    );
  const scope: unknown[] = [inputs, ctx, ctx.signal, ctx.log, console, params, secrets];
  for (const name of mapNames) scope.push(name === 'item' ? ctx.item : ctx.index);
  return fn(...scope, ...locals);
}

/**
 * The code task compiled for a set of upstream locals without a result (`gone`): they are
 * declared with `let` after the body and a `return`, so they stay uninitialised, reading one (even
 * with `typeof`) throws, and that ReferenceError becomes the upstream's MissingInputError. When the
 * body's own top-level `var` or function clashes with that `let`, `base` runs with those locals
 * `undefined` (reading them through `inputs` still throws).
 */
function withMissingLocals(
  code: string,
  locals: readonly string[],
  mapNames: readonly string[],
  gone: ReadonlyMap<string, MissingInput>,
  base: (...args: unknown[]) => Promise<unknown>,
): CompiledCodeTask {
  const present = locals.filter((name) => !gone.has(name));
  let fn: (...args: unknown[]) => Promise<unknown>;
  try {
    const declared = [...gone.keys()].join(', ');
    const body = `"use strict";\n{\n${code}\n}\nreturn;\nlet ${declared};`;
    fn = new AsyncFunction(...CODE_TASK_SCOPE, ...mapNames, ...present, body);
  } catch {
    return (inputs, ctx, console) =>
      callInScope(
        base,
        inputs,
        ctx,
        console,
        mapNames,
        locals.map((n) => (gone.has(n) ? undefined : inputs[n])),
      );
  }
  return (inputs, ctx, console) =>
    callInScope(
      fn,
      inputs,
      ctx,
      console,
      mapNames,
      present.map((name) => inputs[name]),
    ).catch((error: unknown) => {
      throw asMissingInputError(error, ctx.taskName ?? '', gone);
    });
}

/** A ReferenceError for reading an uninitialised missing local, as that upstream's MissingInputError. */
function asMissingInputError(
  error: unknown,
  taskName: string,
  gone: ReadonlyMap<string, MissingInput>,
): unknown {
  if (!(error instanceof ReferenceError)) return error;
  // V8: "Cannot access 'a' before initialization"; Firefox: "can't access lexical declaration 'a'
  // before initialization".
  const name = /'([^']+)' before initialization/.exec(error.message)?.[1];
  const input = name === undefined ? undefined : gone.get(name);
  return input ? missingInputError(taskName, input) : error;
}

/** Turns console arguments into one log line, the way a browser console would show them. */
export function formatLogArgs(args: readonly unknown[]): string {
  return args.map(formatLogValue).join(' ');
}

function formatLogValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
