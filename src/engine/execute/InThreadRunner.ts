// Runs task attempts in the calling thread: function tasks directly, code tasks compiled once per run.
import { compileCodeTask, type CapturedConsole, type CompiledCodeTask } from '../model/codeTask.ts';
import { formatLogArgs } from '../model/codeTask.ts';
import { WorkflowValidationError } from '../model/errors.ts';
import { guardInputs, unguardResult, type MissingInput } from '../model/missingInputs.ts';
import type { LogLine } from '../model/types.ts';
import type { AttemptRequest, RunnableTask, TaskRunner } from '../schedule/TaskRunner.ts';

/**
 * A {@link TaskRunner} for the calling thread. Timeouts are cooperative here: the scheduler
 * stops waiting at the deadline and fires `ctx.signal`, but cannot stop a busy loop.
 */
export class InThreadRunner implements TaskRunner {
  readonly concurrency: number;
  #compiled = new Map<string, CompiledCodeTask>();

  constructor(concurrency = 1) {
    this.concurrency = concurrency;
  }

  /** Compiles every code task of the run up front, so a broken one fails before anything runs. */
  prepare(tasks: readonly RunnableTask[]): void {
    this.#compiled = new Map();
    const issues = [];
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      if (task.code === undefined) continue;
      try {
        this.#compiled.set(task.name, compileCodeTask(task.code, task.dependsOn));
      } catch (error) {
        issues.push({
          code: 'E_SYNTAX',
          task: task.name,
          message: `Task "${task.name}": ${(error as Error).message}`,
        });
      }
    }
    if (issues.length > 0) throw new WorkflowValidationError(issues);
  }

  /** Runs one attempt; a synchronous throw becomes a rejection. */
  run(request: AttemptRequest): Promise<unknown> {
    try {
      return Promise.resolve(this.runInline(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The scheduler's fast path: a synchronous task's result comes back without a promise. */
  runInline(request: AttemptRequest): unknown {
    const { task, inputs, ctx, missing } = request;
    if (missing) return this.#runGuarded(request, missing);
    if (task.fn) return task.fn(inputs, ctx);
    return this.#compiledOf(task)(inputs, ctx, captureConsole(request.onLog));
  }

  /**
   * An attempt with upstream tasks that have no result: the task gets `inputs` guarded so that
   * reading one of them throws. A result holding `inputs` holds the plain record instead.
   */
  #runGuarded(request: AttemptRequest, missing: readonly MissingInput[]): unknown {
    const { task, ctx } = request;
    const plain = request.inputs;
    const guarded = guardInputs(task.name, plain, missing);
    const unwrap = (value: unknown): unknown => unguardResult(value, guarded, plain);
    if (task.fn) {
      const outcome = task.fn(guarded, ctx);
      const thenable = typeof (outcome as { then?: unknown } | null)?.then === 'function';
      return thenable ? Promise.resolve(outcome).then(unwrap) : unwrap(outcome);
    }
    const compiled = this.#compiledOf(task);
    return compiled(guarded, ctx, captureConsole(request.onLog), missing).then(unwrap);
  }

  #compiledOf(task: RunnableTask): CompiledCodeTask {
    let compiled = this.#compiled.get(task.name);
    if (!compiled) {
      // Not prepared (a runner used directly): compile now and keep it for later attempts.
      compiled = compileCodeTask(task.code ?? '', task.dependsOn);
      this.#compiled.set(task.name, compiled);
    }
    return compiled;
  }
}

/** A console whose calls become the task's log lines instead of reaching the real console. */
export function captureConsole(onLog: (line: LogLine) => void): CapturedConsole {
  const sink =
    (level: LogLine['level']) =>
    (...args: unknown[]) =>
      onLog({ ts: Date.now(), level, message: formatLogArgs(args) });
  return {
    log: sink('log'),
    info: sink('info'),
    warn: sink('warn'),
    error: sink('error'),
    debug: sink('debug'),
  };
}
