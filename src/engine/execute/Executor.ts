// What every executor offers: `execute(workflow, options)` with the same options and outcomes.
import type { RunEvent, RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { RunLineage, StateStore } from '../storage/StateStore.ts';

/** Options of `execute` (contract §3). */
export interface ExecuteOptions {
  /** Run id; a fresh one when absent. With a store that already holds it, the run resumes. */
  runId?: string;
  /**
   * `runId` was made for this run (e.g. by `createRunId()`) and nothing is stored under it yet:
   * the store is not searched for a run to resume, so the run starts a store read sooner. Leave it
   * out to resume (a resumed run reuses its id).
   */
  newRun?: boolean;
  /** Overrides the executor's default store for this run. */
  store?: StateStore;
  /** Aborting cancels the run: `execute` rejects with `RunCancelledError`. */
  signal?: AbortSignal;
  /** Stop starting tasks at the first failure and cancel the running ones. */
  failFast?: boolean;
  /** Typed events, in order. */
  onEvent?: (event: RunEvent) => void;
  /** The run this one retries (recorded on the stored run, which is a new run of its own). */
  retryOf?: RunLineage;
  /**
   * Resume a stored run even when it was recorded for a different workflow (other tasks,
   * dependencies, or code of a completed task): completed tasks found by name are restored.
   * Without it such a resume is refused with `E_RESUME_MISMATCH` before anything runs.
   */
  forceResume?: boolean;
  /**
   * Values of the workflow's declared parameters (`workflow.params`); a declared default fills
   * in a missing one. Unknown, mistyped or missing required ones reject with `E_BAD_PARAMS`
   * before anything runs. A resumed run without `params` reuses the ones it was recorded with.
   */
  params?: Record<string, unknown>;
  /**
   * Secret values by name. Every secret a task declares (`secrets` task option) must be here, or
   * the run rejects with `E_MISSING_SECRET` naming them before anything runs; each task gets only
   * its own. Their values are replaced by `***` in results, logs, errors and events.
   */
  secrets?: Record<string, string>;
  /**
   * Most instances of mapped tasks (`mapOver`) this run may start, all mapped tasks together;
   * overrides the workflow's `maxMapInstances` (default `DEFAULT_MAX_MAP_INSTANCES`, 1,000). A
   * mapped task whose upstream's array would go beyond it fails with `E_MAP_LIMIT`.
   */
  maxMapInstances?: number;
  /** Notes about the run that are not errors (a resume that could not be checked); default console.warn. */
  onWarning?: (message: string) => void;
}

/**
 * Runs workflows. `execute` resolves with the `RunResult`, or rejects with
 * `WorkflowExecutionError` (any task failed) or `RunCancelledError` (aborted), both carrying it.
 */
export interface Executor {
  execute(workflow: Workflow, options?: ExecuteOptions): Promise<RunResult>;
  /** Releases what the executor holds (workers); in-thread executors hold nothing. */
  dispose?(): Promise<void>;
}
