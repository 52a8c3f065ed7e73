// Shapes shared across the engine: task options, documents, run state, events.
import type { ParamSpec } from './params.ts';
import type { Backoff, SkipReason, TaskStatus, TriggerRule, WorkflowStatus } from './status.ts';

/**
 * When a failed attempt may be retried (document form, portable). The error matches when its
 * name is one of `errorName` or its message matches `messagePattern` (a regular expression
 * source, no flags); an empty condition matches every error. Errors from workers arrive
 * serialized, so only their name and message count.
 */
export interface RetryCondition {
  errorName?: string[];
  messagePattern?: string;
}

/**
 * When a failed attempt may be retried (API form): called with the error and the number of the
 * attempt that failed (1 for the first); `true` retries (while `retries` allows), `false` fails
 * the task at once. Runs in the scheduler's thread, never in a task worker; not portable.
 */
export type RetryPredicate = (error: unknown, attempt: number) => boolean;

/** Options a task carries; all optional (see the engine contract §1). */
export interface TaskOptions {
  retries?: number;
  retryDelayMs?: number;
  backoff?: Backoff;
  maxRetryDelayMs?: number;
  jitter?: boolean;
  timeoutMs?: number;
  triggerRule?: TriggerRule;
  description?: string;
  /**
   * A branch task (Airflow's `@task.branch`): it returns the direct downstream task name(s) to
   * run (a name, an array, or `null`/`[]` for none); the other direct downstream tasks are skipped.
   */
  branch?: boolean;
  /**
   * A short-circuit task (Airflow's `@task.short_circuit`): when it returns a falsy value, every
   * task downstream of it is skipped, whatever its trigger rule; a truthy value changes nothing.
   */
  shortCircuit?: boolean;
  /** Retry only errors that match (the default retries every error); see {@link RetryCondition}. */
  retryIf?: RetryCondition | RetryPredicate;
  /**
   * Names of the secrets this task uses: it gets exactly these in `ctx.secrets` (code tasks:
   * `secrets.NAME`), and a run without a value for one fails before anything starts.
   */
  secrets?: string[];
  /**
   * Dynamic task mapping (Airflow's `expand`): the name of a direct upstream task whose result is
   * an array; this task then runs once per item (an *instance*, with `ctx.item` and `ctx.index`),
   * each instance with its own attempts, retries, timeout, status and logs, and its result is the
   * array of the instances' results in item order. An empty array skips the task; a result that is
   * not an array fails it. See {@link MapSummary} and the `task-instance` event.
   */
  mapOver?: string;
  onStatusChange?: (name: string, status: TaskStatus) => void;
  onRetry?: (name: string, attempt: number, error: unknown) => void;
}

/** The serialisable subset of `TaskOptions` (what documents and workers carry). */
export type PortableTaskOptions = Omit<TaskOptions, 'onStatusChange' | 'onRetry' | 'retryIf'> & {
  retryIf?: RetryCondition;
};

/** One line a task logged, through `ctx.log` or captured `console.*`. */
export interface LogLine {
  /** Epoch milliseconds. */
  ts: number;
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

/** What a task function receives besides its inputs. */
export interface TaskContext {
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  runId: string;
  taskName: string;
  log: (...args: unknown[]) => void;
  /** Ends the attempt as `skipped` with this reason (never retried); downstream follow their trigger rules. */
  skip: (reason?: string) => never;
  /** The run's parameter values (declared defaults filled in), frozen; `{}` when none. */
  params: Readonly<Record<string, unknown>>;
  /** The values of the secrets this task declares (`secrets` option), and no others; `{}` when none. */
  secrets: Readonly<Record<string, string>>;
  /** The item this instance runs for, in a mapped task (`mapOver`); `undefined` otherwise. */
  item?: unknown;
  /** The position of `item` in the mapped upstream's array (0-based); `undefined` when not mapped. */
  index?: number | undefined;
}

/** A task function: sync or async, given its direct upstream results by name. */
export type TaskFunction<R = unknown> = (
  inputs: Record<string, unknown>,
  ctx: TaskContext,
) => R | Promise<R>;

/** A position on the editor's canvas. */
export interface CanvasPosition {
  x: number;
  y: number;
}

/** One task entry of a `WorkflowDocument`; options sit directly on it. */
export interface TaskDocument extends PortableTaskOptions {
  name: string;
  code: string;
  dependsOn: string[];
  position?: CanvasPosition;
}

/** The versioned JSON file the app imports/exports and the CLI runs. */
export interface WorkflowDocument {
  /**
   * Run-level timeout in ms: when a run goes on longer, its running tasks are cancelled, nothing
   * new starts, and the run ends `failed` with `timedOut: true` (a resumed run counts afresh).
   */
  timeoutMs?: number;
  format: 'flowweaver.workflow';
  /** Version 2 added `params` and the task option `secrets`; version 1 documents are migrated. */
  version: 2;
  id: string;
  name: string;
  description?: string;
  tasks: TaskDocument[];
  /** Run parameters the workflow declares (tasks read `params.<name>`); absent when none. */
  params?: ParamSpec[];
  /**
   * Most instances of mapped tasks (`mapOver`) one run may start, all mapped tasks together
   * (default {@link DEFAULT_MAX_MAP_INSTANCES}); a mapped task that would go beyond it fails.
   */
  maxMapInstances?: number;
  /**
   * How the editor lays the graph out: `TD` top-down (the default when absent), `LR` left-right.
   * Optional, so every version-1 document without it stays valid; it changes nothing in a run.
   */
  layout?: { direction: 'TD' | 'LR' };
}

/** An error as plain data (it crosses workers and stores). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedError;
}

/** One attempt of a task within a run. */
export interface AttemptRecord {
  attempt: number;
  startedAt: number;
  finishedAt?: number;
  outcome:
    | 'running'
    | 'completed'
    | 'failed'
    | 'timeout'
    | 'cancelled'
    | 'interrupted'
    /** The task called `ctx.skip`. */
    | 'skipped';
  error?: SerializedError;
}

/** What a task and an instance of a mapped task both record of their latest run. */
interface RunStateBase {
  status: TaskStatus;
  /** Why, in words: the reason given to `ctx.skip`, or which branch or short circuit skipped it. */
  skipMessage?: string;
  result?: unknown;
  error?: SerializedError;
  attempts: number;
  attemptHistory: AttemptRecord[];
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  /** True when the state was restored from a store instead of run now. */
  restored?: boolean;
}

/** A task's state within one run, as events, stores and `RunResult` carry it. */
export interface TaskRunState extends RunStateBase {
  name: string;
  skipReason?: SkipReason;
  /**
   * Set on a mapped task (`mapOver`) once its upstream's array is known: how many instances it
   * has and how many are in each status (the instances themselves travel as `task-instance`
   * events and sit in `StoredRun.instances`).
   */
  map?: MapSummary;
}

/** Instances of a mapped task: the total and how many are in each status (they add up to `total`). */
export interface MapSummary {
  total: number;
  counts: Record<TaskStatus, number>;
}

/**
 * One instance of a mapped task (one item of its `mapOver` upstream's array): like a task's own
 * state (its status one of `pending`, `running`, `retrying`, `completed`, `failed`, `skipped`
 * by `ctx.skip`, `cancelled`), named by its task and its index in the array.
 */
export interface TaskInstanceState extends RunStateBase {
  /** The mapped task's name. */
  task: string;
  /** The item's position in the upstream's array (0-based). */
  index: number;
}

/** Counts as `getWorkflowStats()` reports them. */
export interface WorkflowStats {
  totalTasks: number;
  completed: number;
  failed: number;
  pending: number;
  running: number;
  skipped: number;
  cancelled: number;
  totalTimeMs: number;
}

/** What a finished run returns (or carries on its error). */
export interface RunResult {
  runId: string;
  workflowId: string;
  status: WorkflowStatus;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  tasks: Record<string, TaskRunState>;
  stats: WorkflowStats;
  /** Names restored from the store (resume), never re-run. */
  restored: string[];
  /**
   * Tasks that failed in a run that still completed, in failure order; empty otherwise. The leaves
   * decide a run's outcome, as in Airflow: a failure whose downstream leaves still succeeded or
   * were skipped (e.g. a `one_failed` handler ran) is handled, and the run completes.
   */
  handledFailures: string[];
  /**
   * Set (`true`) when the run exceeded the workflow's `timeoutMs`: its status is then `failed`,
   * the tasks running at that moment `cancelled`, and the ones never started `pending`.
   */
  timedOut?: true;
}

/** Typed events, delivered in order through `execute(wf, { onEvent })`. */
export type RunEvent =
  | {
      type: 'run-started';
      runId: string;
      workflowId: string;
      at: number;
      /** The run's first start: `at`, or earlier when this resumes an interrupted run. */
      startedAt?: number;
      resumed: boolean;
      restored: string[];
      tasks: string[];
    }
  | {
      type: 'task-status';
      runId: string;
      task: string;
      status: TaskStatus;
      previous: TaskStatus;
      attempt: number;
      at: number;
      state: TaskRunState;
    }
  | {
      /**
       * An instance of a mapped task changed status. Its own event type, so a consumer that
       * knows only `task-status` never mistakes an instance for its task; the task itself still
       * gets `task-status` events (running once its instances are known, then its final status).
       */
      type: 'task-instance';
      runId: string;
      task: string;
      index: number;
      status: TaskStatus;
      previous: TaskStatus;
      attempt: number;
      at: number;
      state: TaskInstanceState;
      /** The task's instance counts after this change (for "37 / 100" progress). */
      map: MapSummary;
    }
  | {
      type: 'task-log';
      runId: string;
      task: string;
      line: LogLine;
      /** Set when an instance of a mapped task logged the line: its index. */
      instance?: number;
    }
  | {
      type: 'task-retry';
      runId: string;
      task: string;
      /** Set when an instance of a mapped task is retried: its index. */
      instance?: number;
      attempt: number;
      delayMs: number;
      error: SerializedError;
      at: number;
    }
  | { type: 'run-finished'; runId: string; status: WorkflowStatus; at: number; result: RunResult };
