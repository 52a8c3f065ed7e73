// Turns task payloads back into callables inside the worker, cached by a hash of their source.
import { compileCodeTask, type CapturedConsole } from '../model/codeTask.ts';
import type { MissingInput } from '../model/missingInputs.ts';
import type { TaskContext } from '../model/types.ts';
import type { TaskPayload, TaskSourcePayload } from './protocol.ts';

/** A compiled task, ready to run one attempt. */
export type CompiledTask = (
  inputs: Record<string, unknown>,
  ctx: TaskContext,
  console: CapturedConsole,
  missing?: readonly MissingInput[],
) => unknown;

interface CacheEntry {
  source: string;
  task: CompiledTask;
}

/** 32-bit FNV-1a of a string, as hex: short cache keys for long sources. */
export function hashSource(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}:${text.length}`;
}

/** Esbuild's `keepNames` helper (tsx, Vite): function sources built by it may call `__name`. */
function nameHelper<T extends object>(target: T, value: string): T {
  return Object.defineProperty(target, 'name', { value, configurable: true });
}

/**
 * A compile cache: code tasks through `compileCodeTask`, function tasks rebuilt from their source.
 * Function tasks read `console` as a free name; `consoleFor` supplies the one they see, because a
 * function is compiled once and then called for many attempts.
 */
export class TaskCompiler {
  private readonly cache = new Map<string, CacheEntry>();
  /** Sources received under a host's key, compiled on first use. */
  private readonly byKey = new Map<number, { payload: TaskSourcePayload; task?: CompiledTask }>();

  constructor(private readonly sharedConsole: CapturedConsole) {}

  /** Number of cached compiled tasks. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * Keeps a keyed source as its attempt arrives (before it runs: a later attempt may refer to it
   * even when this one is skipped).
   */
  hold(payload: TaskPayload): void {
    if (payload.kind !== 'known' && payload.key !== undefined && !this.byKey.has(payload.key))
      this.byKey.set(payload.key, { payload });
  }

  /** Compiles (or returns the cached) callable for a payload; throws a SyntaxError on bad source. */
  compile(payload: TaskPayload): CompiledTask {
    const key = payload.key;
    if (key === undefined) return this.compileSource(payload as TaskSourcePayload);
    // A keyed task: its compiled form is found by the key alone, without reading the source.
    this.hold(payload);
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`This worker was never sent the source of task "${payload.name}"`);
    return (entry.task ??= this.compileSource(entry.payload));
  }

  private compileSource(payload: TaskSourcePayload): CompiledTask {
    const source =
      payload.kind === 'code'
        ? // JSON, not a join: a name may hold a line break (['a\nb'] is not ['a', 'b']).
          `code\n${JSON.stringify(payload.upstream)}\n${payload.code}`
        : `fn\n${payload.source}`;
    const key = hashSource(source);
    const hit = this.cache.get(key);
    if (hit && hit.source === source) return hit.task;
    const task =
      payload.kind === 'code'
        ? fromCode(payload.code, payload.upstream)
        : this.fromSource(payload.source);
    this.cache.set(key, { source, task });
    return task;
  }

  private fromSource(source: string): CompiledTask {
    const factory = new Function('console', '__name', `"use strict";\nreturn (${source}\n);`) as (
      console: CapturedConsole,
      name: typeof nameHelper,
    ) => unknown;
    const fn = factory(this.sharedConsole, nameHelper);
    if (typeof fn !== 'function')
      throw new TypeError('The task source does not evaluate to a function');
    return (inputs, ctx) => (fn as (i: unknown, c: unknown) => unknown)(inputs, ctx);
  }
}

function fromCode(code: string, upstream: readonly string[]): CompiledTask {
  const compiled = compileCodeTask(code, upstream);
  return (inputs, ctx, console, missing) => compiled(inputs, ctx, console, missing);
}
