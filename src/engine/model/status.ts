// Status vocabularies shared by the scheduler, the stores, Mermaid export and the UI.

/** The state of one task within a run. Values are lower case, as in the Python original. */
export const TaskStatus = {
  Pending: 'pending',
  Running: 'running',
  Retrying: 'retrying',
  Completed: 'completed',
  Failed: 'failed',
  Skipped: 'skipped',
  Cancelled: 'cancelled',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Every task status, in display order. */
export const TASK_STATUSES: readonly TaskStatus[] = Object.values(TaskStatus);

/** The state of a whole run. */
export const WorkflowStatus = {
  Pending: 'pending',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type WorkflowStatus = (typeof WorkflowStatus)[keyof typeof WorkflowStatus];

/** Why a task was skipped. */
export const SkipReason = {
  UpstreamFailed: 'upstream_failed',
  TriggerRule: 'trigger_rule',
  /** The task called `ctx.skip(reason)` (Airflow's `AirflowSkipException`). */
  Task: 'skipped_by_task',
  /** A branch task upstream did not choose it (Airflow's `@task.branch`). */
  BranchNotTaken: 'branch_not_taken',
  /** A short-circuit task upstream returned a falsy value (Airflow's `@task.short_circuit`). */
  ShortCircuit: 'short_circuit',
  /** A mapped task (`mapOver`) whose upstream returned an empty array: nothing to run. */
  EmptyMap: 'empty_map',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/**
 * Airflow's trigger rules (its whole documented set, in the order of its documentation): when a
 * task may start, given its direct upstream states.
 */
export const TriggerRule = {
  AllSuccess: 'all_success',
  AllFailed: 'all_failed',
  AllDone: 'all_done',
  AllDoneMinOneSuccess: 'all_done_min_one_success',
  AllSkipped: 'all_skipped',
  OneFailed: 'one_failed',
  OneSuccess: 'one_success',
  OneDone: 'one_done',
  NoneFailed: 'none_failed',
  NoneFailedMinOneSuccess: 'none_failed_min_one_success',
  NoneSkipped: 'none_skipped',
  Always: 'always',
} as const;
export type TriggerRule = (typeof TriggerRule)[keyof typeof TriggerRule];
export const TRIGGER_RULES: readonly TriggerRule[] = Object.values(TriggerRule);

/** Retry delay growth. */
export const Backoff = { Fixed: 'fixed', Exponential: 'exponential' } as const;
export type Backoff = (typeof Backoff)[keyof typeof Backoff];

/** True for the statuses a task never leaves within one run. */
export function isTerminalStatus(status: TaskStatus): boolean {
  return (
    status === TaskStatus.Completed ||
    status === TaskStatus.Failed ||
    status === TaskStatus.Skipped ||
    status === TaskStatus.Cancelled
  );
}

/**
 * Fill colour per task status, shared by the canvas, the minimap and Mermaid export. The first
 * four are the Python original's; retrying, skipped and cancelled got their own.
 */
export const STATUS_COLORS: Readonly<Record<TaskStatus, string>> = {
  pending: '#6c757d',
  running: '#fd7e14',
  retrying: '#ffc107',
  completed: '#28a745',
  failed: '#dc3545',
  skipped: '#17a2b8',
  cancelled: '#6f42c1',
};
