// The configuration of one run of the Scheduler: everything a run needs besides the workflow.
import type { TaskInstanceState } from '../model/types.ts';
import type { Clock } from './clock.ts';
import type { RunPlan } from './runPlan.ts';
import type { RunReporterConfig } from './RunReporter.ts';
import type { TaskRunner } from './TaskRunner.ts';

/** Everything a run needs besides the workflow. */
export interface SchedulerConfig extends Omit<RunReporterConfig, 'clock' | 'workflowId'> {
  runner: TaskRunner;
  /** The workflow's run plan (`workflow.getRunPlan()`): runnables, rules, seeds. */
  plan: RunPlan;
  signal?: AbortSignal | undefined;
  failFast?: boolean | undefined;
  /**
   * Run-level timeout (ms) from this run's start (a resume counts afresh): one timer per run; when
   * it fires, the run stops as by failFast, aborting ctx.signal with a `RunTimeoutError`.
   */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  /** Source of jitter, in [0, 1). */
  random?: (() => number) | undefined;
  /** Names restored from a store; their tasks are already `completed`. */
  restored?: readonly string[] | undefined;
  /** The run's first start, when this resumes an interrupted run (its duration counts from then). */
  startedAt?: number | undefined;
  /**
   * The run's secret values by name (checked beforehand: every declared one is here); each task
   * gets only those its `secrets` option names.
   */
  secrets?: Readonly<Record<string, string>> | undefined;
  /** Most instances of mapped tasks this run may start (default `DEFAULT_MAX_MAP_INSTANCES`). */
  maxMapInstances?: number | undefined;
  /** Stored instances of mapped tasks a resume found (see `RestoredRun.instances`). */
  restoredInstances?: ReadonlyMap<string, readonly TaskInstanceState[]> | undefined;
}
