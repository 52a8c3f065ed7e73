// A unit of work plus its state in the latest run. The scheduler writes the run state; users read it.
import { checkCodeSyntax } from './codeTask.ts';
import { syntaxIssue } from './validateWorkflow.ts';
import type { TaskExecutionError, ValidationIssue } from './errors.ts';
import { serializeError } from './serializeError.ts';
import { TaskStatus, type SkipReason } from './status.ts';
import type {
  AttemptRecord,
  CanvasPosition,
  LogLine,
  PortableTaskOptions,
  TaskFunction,
  TaskOptions,
  TaskRunState,
} from './types.ts';

/** Options of `new Task`: the task options plus the editor's canvas position. */
export interface TaskInit extends TaskOptions {
  position?: CanvasPosition;
}

/**
 * A task: a function `fn(inputs, ctx)` or a code body (the editor's form), with its options.
 * After a run it holds `status`, `result`, `error`, `attempts`, timings and `logs`.
 */
export class Task {
  readonly name: string;
  /** The function, for function tasks. */
  readonly fn: TaskFunction | undefined;
  /** The body of an async function, for code tasks. */
  readonly code: string | undefined;
  readonly options: Readonly<TaskOptions>;
  /** Where the editor draws it; kept through documents. */
  position: CanvasPosition | undefined;

  status: TaskStatus = TaskStatus.Pending;
  skipReason: SkipReason | undefined;
  result: unknown;
  /** The final error: a `TaskExecutionError` (or `TaskTimeoutError`) whose `cause` is the original. */
  error: TaskExecutionError | undefined;
  attempts = 0;
  attemptHistory: AttemptRecord[] = [];
  startedAt: number | undefined;
  finishedAt: number | undefined;
  durationMs: number | undefined;
  logs: LogLine[] = [];
  /** True when the latest run restored this task from a store instead of running it. */
  restored = false;
  #syntax: ValidationIssue | null | undefined;

  constructor(name: string, fnOrCode: TaskFunction | string, init: TaskInit = {}) {
    this.name = name;
    if (typeof fnOrCode === 'string') {
      this.code = fnOrCode;
      this.fn = undefined;
    } else {
      this.fn = fnOrCode;
      this.code = undefined;
    }
    const { position, ...options } = init;
    this.options = options;
    this.position = position;
  }

  /** The `E_SYNTAX` issue of a code task's body, or `null`; parsed once, since code never changes. */
  syntaxIssue(): ValidationIssue | null {
    if (this.code === undefined) return null;
    if (this.#syntax === undefined) {
      const problem = checkCodeSyntax(this.code);
      this.#syntax = problem && syntaxIssue(this.name, problem);
    }
    return this.#syntax;
  }

  /** The options that survive serialization (no callbacks). */
  get portableOptions(): PortableTaskOptions {
    const { onStatusChange: _s, onRetry: _r, ...portable } = this.options;
    return portable;
  }

  /** Back to `pending` with no result, error, attempts, timings or logs. */
  reset(): void {
    this.status = TaskStatus.Pending;
    this.skipReason = undefined;
    this.result = undefined;
    this.error = undefined;
    this.attempts = 0;
    // Fresh arrays only when used: a RunResult may still share the old ones, and 100,000 idle
    // tasks should not allocate 200,000 empty arrays per run.
    if (this.attemptHistory.length > 0) this.attemptHistory = [];
    this.startedAt = undefined;
    this.finishedAt = undefined;
    this.durationMs = undefined;
    if (this.logs.length > 0) this.logs = [];
    this.restored = false;
  }

  /**
   * The task's run state as plain data (what events, stores and `RunResult` carry). `final`
   * shares the attempt history instead of copying it — only safe once the run has ended, since
   * `reset()` then replaces the array rather than mutating it.
   */
  toRunState(final = false): TaskRunState {
    const state: TaskRunState = {
      name: this.name,
      status: this.status,
      attempts: this.attempts,
      attemptHistory:
        final && this.attemptHistory.length > 0
          ? this.attemptHistory
          : this.attemptHistory.map((a) => ({ ...a })),
    };
    if (this.skipReason !== undefined) state.skipReason = this.skipReason;
    if (this.status === TaskStatus.Completed) state.result = this.result;
    if (this.error !== undefined) state.error = serializeError(this.error);
    if (this.startedAt !== undefined) state.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) state.finishedAt = this.finishedAt;
    if (this.durationMs !== undefined) state.durationMs = this.durationMs;
    if (this.restored) state.restored = true;
    return state;
  }
}
