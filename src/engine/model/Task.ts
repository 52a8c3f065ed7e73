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
  MapSummary,
  PortableTaskOptions,
  SerializedError,
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
  /** Why it was skipped, in words, when a task, a branch or a short circuit skipped it. */
  skipMessage: string | undefined;
  result: unknown;
  /** The final error: a `TaskExecutionError` (or `TaskTimeoutError`) whose `cause` is the original. */
  error: TaskExecutionError | undefined;
  attempts = 0;
  /** True when the latest run restored this task from a store instead of running it. */
  restored = false;
  /** A mapped task's instance counts in the latest run, once its instances are known. */
  map: MapSummary | undefined;
  #syntax: ValidationIssue | null | undefined;
  // Timings live in number-only fields (NaN: unset), which V8 updates in place; a field that also
  // holds `undefined` would box a fresh number on every write, on every task, in every run.
  #startedAt = NaN;
  #finishedAt = NaN;
  /** Set only when it is not `finishedAt - startedAt` (a restored task keeps its stored one). */
  #durationMs = NaN;
  /**
   * The attempt records, once built. The common run — one attempt that completes — keeps only
   * `#startedAt` and `#finishedAt` and builds its record when the history is read, so 100,000
   * tasks cost no record, array or boxed timestamp each.
   */
  #history: AttemptRecord[] | undefined;
  /** Made on the first line, so resetting a silent task does not read an array of its own. */
  #logs: LogLine[] | undefined;

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
    // Most tasks of a big graph set no option: they share one frozen empty object.
    this.options = hasKeys(options) ? options : NO_OPTIONS;
    this.position = position;
  }

  /** Epoch ms when the first attempt of the latest run started. */
  get startedAt(): number | undefined {
    return definedTime(this.#startedAt);
  }
  set startedAt(value: number | undefined) {
    this.#startedAt = value ?? NaN;
  }

  /** Epoch ms when the task reached its final state in the latest run. */
  get finishedAt(): number | undefined {
    return definedTime(this.#finishedAt);
  }
  set finishedAt(value: number | undefined) {
    this.#finishedAt = value ?? NaN;
  }

  /** `finishedAt - startedAt`, retries and their delays included. */
  get durationMs(): number | undefined {
    return definedTime(this.#duration());
  }
  set durationMs(value: number | undefined) {
    this.#durationMs = value ?? NaN;
  }

  /** Log lines of the latest run (`ctx.log`, captured console output, callback errors). */
  get logs(): LogLine[] {
    return (this.#logs ??= []);
  }
  set logs(value: LogLine[]) {
    this.#logs = value;
  }

  /** One record per attempt of the latest run, oldest first. Attempts update their record in place. */
  get attemptHistory(): AttemptRecord[] {
    return (this.#history ??= this.#singleAttempt());
  }
  set attemptHistory(value: AttemptRecord[]) {
    this.#history = value;
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
    const options = this.options;
    // Options are read-only, so without callbacks they are their own portable form.
    const predicate = typeof options.retryIf === 'function';
    if (options.onStatusChange === undefined && options.onRetry === undefined && !predicate)
      return options as PortableTaskOptions;
    const { onStatusChange: _s, onRetry: _r, retryIf, ...portable } = options;
    return typeof retryIf === 'object' ? { ...portable, retryIf } : portable;
  }

  /** Back to `pending` with no result, error, attempts, timings or logs. */
  reset(): void {
    this.status = TaskStatus.Pending;
    this.skipReason = undefined;
    this.skipMessage = undefined;
    this.result = undefined;
    this.error = undefined;
    this.attempts = 0;
    // Never cleared in place: a RunResult may still share the old array.
    this.#history = undefined;
    this.#startedAt = NaN;
    this.#finishedAt = NaN;
    this.#durationMs = NaN;
    // Never cleared in place either: a RunResult or a listener may hold the lines.
    this.#logs = undefined;
    this.restored = false;
    this.map = undefined;
  }

  /**
   * Takes a stored `completed` state back (a resume): result, attempts and timings, marked
   * restored; the task is never run again in this run.
   */
  restoreCompleted(state: Omit<TaskRunState, 'name'>): void {
    this.status = TaskStatus.Completed;
    this.result = state.result;
    this.attempts = state.attempts;
    this.attemptHistory = state.attemptHistory.map((a) => ({ ...a }));
    this.startedAt = state.startedAt;
    this.finishedAt = state.finishedAt;
    this.durationMs = state.durationMs;
    this.restored = true;
  }

  /** Starts a new attempt at `at` (epoch ms) and returns its number (1, 2, …). */
  beginAttempt(at: number): number {
    const attempt = ++this.attempts;
    if (Number.isNaN(this.#startedAt)) this.#startedAt = at;
    // The first attempt of a run stays unbuilt; any other attempt gets a record right away.
    if (this.#history === undefined && attempt === 1) return attempt;
    this.attemptHistory.push({ attempt, startedAt: at, outcome: 'running' });
    return attempt;
  }

  /** Ends the latest attempt at `at` with `outcome` (and, for failures, its error). */
  endAttempt(outcome: AttemptRecord['outcome'], at: number, error?: SerializedError): void {
    // The single attempt of the compact form ends when the task does (`markFinished`).
    if (this.#history === undefined && outcome === 'completed') return;
    const history = this.attemptHistory;
    const record = history[history.length - 1];
    if (!record) return;
    record.outcome = outcome;
    record.finishedAt = at;
    if (error) record.error = error;
  }

  /** The history array if it was built (and is not empty); `undefined` for the single-attempt form. */
  builtHistory(): AttemptRecord[] | undefined {
    return this.#history !== undefined && this.#history.length > 0 ? this.#history : undefined;
  }

  #singleAttempt(): AttemptRecord[] {
    return this.attempts === 0
      ? []
      : [singleAttempt(this.attempts, this.#startedAt, this.#finishedAt)];
  }

  /** Writes `startedAt`, `finishedAt` and `durationMs` (NaN when unset) to `out` from `at` on. */
  copyTimes(out: Float64Array, at: number): void {
    out[at] = this.#startedAt;
    out[at + 1] = this.#finishedAt;
    out[at + 2] = this.#duration();
  }

  /** Stamps the end of the task's work in this run (`durationMs` follows from `startedAt`). */
  markFinished(at: number): void {
    this.#finishedAt = at;
  }

  #duration(): number {
    if (!Number.isNaN(this.#durationMs)) return this.#durationMs;
    if (Number.isNaN(this.#finishedAt)) return NaN;
    return Number.isNaN(this.#startedAt) ? 0 : this.#finishedAt - this.#startedAt;
  }

  /** The task's run state as plain data (what events and stores carry); records are copies. */
  toRunState(): TaskRunState {
    const state: TaskRunState = {
      name: this.name,
      status: this.status,
      attempts: this.attempts,
      attemptHistory: this.#history ? this.#history.map((a) => ({ ...a })) : this.#singleAttempt(),
    };
    if (this.skipReason !== undefined) state.skipReason = this.skipReason;
    if (this.skipMessage !== undefined) state.skipMessage = this.skipMessage;
    if (this.status === TaskStatus.Completed) state.result = this.result;
    if (this.error !== undefined) state.error = serializeError(this.error);
    if (this.startedAt !== undefined) state.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) state.finishedAt = this.finishedAt;
    if (this.durationMs !== undefined) state.durationMs = this.durationMs;
    if (this.restored) state.restored = true;
    if (this.map !== undefined) state.map = copySummary(this.map);
    return state;
  }
}

/** A copy of a map summary (the task's own one keeps changing while its instances run). */
export function copySummary(map: MapSummary): MapSummary {
  return { total: map.total, counts: { ...map.counts } };
}

const NO_OPTIONS: Readonly<TaskOptions> = Object.freeze({});

function hasKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function definedTime(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}

/** The record of a run's only attempt, from its start and end (NaN while it runs). */
export function singleAttempt(
  attempt: number,
  startedAt: number,
  finishedAt: number,
): AttemptRecord {
  return Number.isNaN(finishedAt)
    ? { attempt, startedAt, outcome: 'running' }
    : { attempt, startedAt, outcome: 'completed', finishedAt };
}
