// Error classes of the public API. Each carries a stable `code` so callers never parse messages.

/** One problem found while validating a workflow or a document. */
export interface ValidationIssue {
  code: string;
  message: string;
  task?: string;
  /** For `E_CYCLE`: the loop, first name repeated last. */
  cycle?: readonly string[];
}

/**
 * Base of every FlowWeaver error. Each class names itself on its prototype (a static block), so
 * `name` and the stack's first line survive minification, which renames classes.
 */
export class FlowWeaverError extends Error {
  static {
    this.prototype.name = 'FlowWeaverError';
  }
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A workflow or document is invalid; `issues` lists every problem at once. */
export class WorkflowValidationError extends FlowWeaverError {
  static {
    this.prototype.name = 'WorkflowValidationError';
  }
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[] | ValidationIssue, message?: string) {
    const list = Array.isArray(issues) ? issues : [issues as ValidationIssue];
    const first = list[0];
    super(first?.code ?? 'E_INVALID', message ?? formatIssues(list));
    this.issues = list;
  }
}

/** Adding an edge or loading a document would close a loop. `cycle` repeats its first name last. */
export class CycleError extends WorkflowValidationError {
  static {
    this.prototype.name = 'CycleError';
  }
  readonly cycle: readonly string[];
  constructor(cycle: readonly string[], message?: string) {
    const text = message ?? `Cycle detected: ${cycle.join(' → ')}`;
    super(
      { code: 'E_CYCLE', message: text, ...(cycle[0] !== undefined ? { task: cycle[0] } : {}) },
      text,
    );
    this.cycle = cycle;
  }
}

/** A task failed after its last attempt. `cause` is the original error. */
export class TaskExecutionError extends FlowWeaverError {
  static {
    this.prototype.name = 'TaskExecutionError';
  }
  readonly taskName: string;
  readonly attempts: number;
  constructor(taskName: string, attempts: number, cause: unknown, code = 'E_TASK_FAILED') {
    super(
      code,
      `Task "${taskName}" failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${messageOf(cause)}`,
      {
        cause,
      },
    );
    this.taskName = taskName;
    this.attempts = attempts;
  }
}

/**
 * Thrown by `ctx.skip(reason)`: the task ends as `skipped` (Airflow's `AirflowSkipException`), not
 * failed, and is never retried. Only its `code` matters: it crosses workers as a serialized error.
 */
export class TaskSkipSignal extends FlowWeaverError {
  static {
    this.prototype.name = 'TaskSkipped';
  }
  constructor(reason?: string) {
    super(SKIP_CODE, reason === undefined || reason === '' ? 'Skipped by the task' : reason);
  }
}
const SKIP_CODE = 'E_TASK_SKIPPED';

/** `ctx.skip`: every task context's, in this thread and in workers. */
export function skipTask(reason?: string): never {
  throw new TaskSkipSignal(reason);
}

/** True for what `ctx.skip` threw, in this thread or deserialized from a worker. */
export function isSkipSignal(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === SKIP_CODE;
}

/**
 * An attempt lost through no fault of its task: the machine or worker running it died (a
 * distributed worker's job stalled). The scheduler records the attempt `interrupted` and runs the
 * task again without using up a retry, as a resume does for attempts a closed page left running.
 */
export class AttemptInterruptedError extends FlowWeaverError {
  static {
    this.prototype.name = 'AttemptInterruptedError';
  }
  constructor(taskName: string, why: string) {
    super(INTERRUPTED_CODE, `Task "${taskName}" was interrupted: ${why}`);
  }
}
const INTERRUPTED_CODE = 'E_ATTEMPT_INTERRUPTED';

/** True for an {@link AttemptInterruptedError}, in this thread or deserialized. */
export function isAttemptInterrupted(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === INTERRUPTED_CODE;
}

/** A task attempt ran past its `timeoutMs`. */
export class TaskTimeoutError extends TaskExecutionError {
  static {
    this.prototype.name = 'TaskTimeoutError';
  }
  readonly timeoutMs: number;
  constructor(taskName: string, attempts: number, timeoutMs: number, cause?: unknown) {
    super(taskName, attempts, cause ?? new Error(`timed out after ${timeoutMs} ms`), 'E_TIMEOUT');
    this.timeoutMs = timeoutMs;
  }
}

/** Returned (as rejection) by `execute` when any task failed; the full `RunResult` is attached. */
export class WorkflowExecutionError<R = unknown> extends FlowWeaverError {
  static {
    this.prototype.name = 'WorkflowExecutionError';
  }
  readonly failedTasks: readonly string[];
  readonly result: R;
  constructor(failedTasks: readonly string[], result: R, detail?: string, message?: string) {
    super(
      message === undefined ? 'E_WORKFLOW_FAILED' : 'E_RUN_TIMEOUT',
      message ??
        `Workflow failed: ${failedTasks.length} task${failedTasks.length === 1 ? '' : 's'} failed (${failedTasks.join(', ')})${detail ? `: ${detail}` : ''}`,
    );
    this.failedTasks = failedTasks;
    this.result = result;
  }
}

/**
 * The run exceeded the workflow's `timeoutMs`: running tasks were cancelled, nothing new started,
 * and the run ended `failed` with `timedOut: true`. `execute` rejects with it (it is a
 * `WorkflowExecutionError`, code `E_RUN_TIMEOUT`); it is also the reason `ctx.signal` aborts with.
 */
export class RunTimeoutError<R = unknown> extends WorkflowExecutionError<R> {
  static {
    this.prototype.name = 'RunTimeoutError';
  }
  readonly timeoutMs: number;
  constructor(
    workflowName: string,
    timeoutMs: number,
    result: R,
    failedTasks: readonly string[] = [],
  ) {
    super(
      failedTasks,
      result,
      undefined,
      `Workflow "${workflowName}" timed out: the run exceeded its timeoutMs of ${timeoutMs} ms; running tasks were cancelled`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The run was aborted through its `signal`; what completed is kept in `result`. */
export class RunCancelledError<R = unknown> extends FlowWeaverError {
  static {
    this.prototype.name = 'RunCancelledError';
  }
  readonly result: R;
  constructor(result: R, message = 'Run cancelled') {
    super('E_CANCELLED', message);
    this.result = result;
  }
}

/**
 * A task read the input of a direct upstream task that has no result (it failed, was skipped or has
 * not finished), which a trigger rule such as `all_done` lets happen. Thrown by the read itself.
 */
export class MissingInputError extends FlowWeaverError {
  static {
    this.prototype.name = 'MissingInputError';
  }
  readonly taskName: string;
  /** The upstream task whose result was read. */
  readonly upstream: string;
  constructor(taskName: string, upstream: string, why: string) {
    super(
      'E_MISSING_INPUT',
      `Task "${taskName}" read the input "${upstream}", which has no result: "${upstream}" ${why}. ` +
        `Check first with \`${JSON.stringify(upstream)} in inputs\`.`,
    );
    this.taskName = taskName;
    this.upstream = upstream;
  }
}

/** The message of any thrown value, without assuming it is an Error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return 'Invalid workflow';
  if (issues.length === 1) return issues[0]!.message;
  return `Invalid workflow (${issues.length} problems):\n${issues.map((i) => `- ${i.message}`).join('\n')}`;
}
