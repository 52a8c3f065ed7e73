// The seam between the scheduler and persistence. Stores are async and keyed by
// (workflow id, run id, task name); two workflows never see each other's records.
import type { LogLine, TaskInstanceState, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { WorkflowStatus } from '../model/status.ts';

/**
 * Where a run stands in a chain of retries: a retry is a new run of its own (its own record, task
 * states and logs) linked to the run it retries, as Dagster links a re-execution to its parent run.
 * The run it retries stays as it ended.
 */
export interface RunLineage {
  /** The run this one retries: its completed tasks were restored from there, not run again. */
  parentRunId: string;
  /** The first run of the chain (attempt 1). */
  rootRunId: string;
  /** This run's attempt number in the chain: 2 for the first retry, 3 for the next. */
  attempt: number;
}

/** The run-level record a store keeps. */
export interface RunRecord {
  workflowId: string;
  runId: string;
  status: WorkflowStatus;
  startedAt: number;
  finishedAt?: number;
  /** The document the run executed (when the workflow could produce one). */
  document?: WorkflowDocument;
  /** Executor name and options, for display and re-runs. */
  executor?: { kind: string; options?: Record<string, unknown> };
  /** Set when the run retries an earlier one. */
  retryOf?: RunLineage;
  /** Set when the run ended `failed` because it exceeded the workflow's `timeoutMs`. */
  timedOut?: true;
  /** The parameter values the run ran with (declared defaults filled in); absent when none. */
  params?: Record<string, unknown>;
  updatedAt: number;
}

/** Everything a store holds for one run. */
export interface StoredRun {
  run: RunRecord;
  /** Task states by name (never instances of mapped tasks: those are in `instances`). */
  tasks: Record<string, TaskRunState>;
  /**
   * Instances of mapped tasks (`mapOver`) by task name, sorted by index: those recorded so far
   * (an instance never started has none). Absent when the run has no instance. Stores keep each
   * instance as a task state under `instanceKey(task, index)` and give them back here.
   */
  instances?: Record<string, TaskInstanceState[]>;
}

/** Persistence used by executors for resume. Writes may be batched; `flush` makes them durable. */
export interface StateStore {
  /** Loads a run, or `undefined` when the store has never seen it. */
  loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined>;
  /** Creates or updates the run-level record. */
  saveRun(run: RunRecord): Promise<void> | void;
  /** Records a task transition. May be batched; never loses an acknowledged write on flush. */
  recordTask(workflowId: string, runId: string, state: TaskRunState): Promise<void> | void;
  /** Appends a log line of a task. May be batched and capped per task. */
  appendLog(workflowId: string, runId: string, task: string, line: LogLine): Promise<void> | void;
  /** Throws a clear error when `value` cannot be stored by this store (called at task completion). */
  assertStorable?(value: unknown): void;
  /** Resolves once every record written so far is durable. */
  flush(): Promise<void>;
  /** Runs of a workflow, newest first. */
  listRuns(workflowId: string): Promise<RunRecord[]>;
  deleteRun(workflowId: string, runId: string): Promise<void>;
  /** Log lines of a task in a run. */
  getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]>;
}
