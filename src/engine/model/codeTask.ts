// Code tasks: the body of an async function, compiled with its upstream results in scope.
// Pure: used in-thread by the engine and inside workers; never touches the DOM or globals.
import { parse } from 'acorn';

/** Names every code task has in scope; upstream tasks with these names are reachable only via `inputs`. */
export const CODE_TASK_SCOPE = ['inputs', 'ctx', 'signal', 'log', 'console'] as const;

/** A console-like sink that a code task's `console.*` calls are captured into. */
export interface CapturedConsole {
  log: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
}

/** A compiled code task. */
export type CompiledCodeTask = (
  inputs: Record<string, unknown>,
  ctx: { signal: AbortSignal; log: (...args: unknown[]) => void },
  console: CapturedConsole,
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
 * Compiles a code task. Upstream results whose names are identifiers become locals; the body sits
 * in its own block so it may declare a local of the same name without a redeclaration error.
 */
export function compileCodeTask(code: string, upstream: readonly string[]): CompiledCodeTask {
  const locals = upstream.filter(isScopeIdentifier);
  const fn = new AsyncFunction(...CODE_TASK_SCOPE, ...locals, `"use strict";\n{\n${code}\n}`);
  return (inputs, ctx, console) =>
    fn(inputs, ctx, ctx.signal, ctx.log, console, ...locals.map((name) => inputs[name]));
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
