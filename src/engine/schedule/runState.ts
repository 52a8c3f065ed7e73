// Run-level state helpers: restoring a stored run (resume) and building the RunResult.
import type { CompactAdjacency } from '../graph/compactAdjacency.ts';
import { computeStatsFromCodes } from '../model/stats.ts';
import {
  TASK_STATUSES,
  TaskStatus,
  type SkipReason,
  type WorkflowStatus,
} from '../model/status.ts';
import { copySummary, singleAttempt, type Task } from '../model/Task.ts';
import { serializeError } from '../model/serializeError.ts';
import type {
  AttemptRecord,
  MapSummary,
  RunResult,
  TaskInstanceState,
  TaskRunState,
} from '../model/types.ts';
import type { StoredRun } from '../storage/StateStore.ts';
import { emptyRecord } from '../util/records.ts';

/** What a resume takes over from the stored run. */
export interface RestoredRun {
  /** Names restored as completed. */
  restored: string[];
  /**
   * The run's first start when the stored run was interrupted (still `running` in the store): the
   * resume goes on with the same run, so its duration counts from then. Absent for a run that had
   * ended (a retry of failed tasks is a new stretch of work).
   */
  startedAt?: number;
  /**
   * Stored instances of the mapped tasks that had not completed, by task name: the scheduler
   * restores their completed instances (when the array they map over is the restored one).
   */
  instances?: Map<string, readonly TaskInstanceState[]>;
}

/**
 * Applies a stored run to the tasks (contract §5): `completed` tasks get their result, timings and
 * attempts back and are never re-run; a task stored as `running` keeps its history with that
 * attempt marked `interrupted`, ended at `at` (when the resume found it: the page that ran it
 * stopped at some unknown moment before), and runs again; every other task starts afresh.
 */
export function restoreRun(tasks: readonly Task[], stored: StoredRun, at: number): RestoredRun {
  const restored: string[] = [];
  let instances: Map<string, readonly TaskInstanceState[]> | undefined;
  for (const task of tasks) {
    // Own keys only: a store may hand back a plain object, where `constructor` reads `Object`.
    const state = Object.hasOwn(stored.tasks, task.name) ? stored.tasks[task.name] : undefined;
    // Also without a state of the task's own: a retry's seeds may hold only completed instances.
    if (state?.status !== TaskStatus.Completed && task.options.mapOver !== undefined) {
      const list = stored.instances;
      if (list !== undefined && Object.hasOwn(list, task.name))
        (instances ??= new Map()).set(task.name, list[task.name]!);
    }
    if (!state) continue;
    if (state.status === TaskStatus.Completed) {
      task.restoreCompleted(state);
      restored.push(task.name);
    } else if (state.status === TaskStatus.Running) {
      task.attemptHistory = state.attemptHistory.map((a) =>
        a.outcome === 'running'
          ? { ...a, outcome: 'interrupted', finishedAt: Math.max(a.startedAt, at) }
          : { ...a },
      );
      // Attempt numbers continue after the interrupted one; it does not use up a retry (the
      // retry budget is for the task's own failures). The task's time counts from its first start.
      task.attempts = task.attemptHistory.length;
      task.startedAt = state.startedAt;
    }
  }
  const out: RestoredRun =
    stored.run.status === 'running'
      ? { restored, startedAt: Math.min(stored.run.startedAt, at) }
      : { restored };
  if (instances !== undefined) out.instances = instances;
  return out;
}

/**
 * True when a leaf (a task nothing depends on) failed or was skipped because a failure reached it:
 * Airflow's rule for a failed run ("failed if any of the leaf nodes state is either failed or
 * upstream_failed"; success when every leaf succeeded or was skipped).
 */
export function leafFailed(tasks: readonly Task[], downstream: CompactAdjacency): boolean {
  const start = downstream.start;
  for (let i = 0; i < tasks.length; i++) {
    if (start[i + 1] !== start[i]) continue;
    const task = tasks[i]!;
    if (
      task.status === TaskStatus.Failed ||
      (task.status === TaskStatus.Skipped && task.skipReason === 'upstream_failed')
    )
      return true;
  }
  return false;
}

/**
 * Builds the `RunResult` of a finished run. Task states are snapshotted column-wise (a few arrays,
 * no object per task) and turned into `TaskRunState` objects only when `result.tasks` is first
 * read: most runs of big graphs never look at all 100,000 of them, and the allocation showed up
 * as a large share of a no-op run.
 */
export function buildRunResult(
  tasks: readonly Task[],
  run: {
    runId: string;
    workflowId: string;
    status: WorkflowStatus;
    startedAt: number;
    finishedAt: number;
  },
  restored: string[],
  handledFailures: string[] = [],
): RunResult {
  const durationMs = run.finishedAt - run.startedAt;
  const { statusCodes, snapshot } = snapshotTasks(tasks);
  const result = {
    ...run,
    durationMs,
    stats: computeStatsFromCodes(statusCodes, durationMs),
    restored,
    handledFailures,
  } as RunResult;
  let states: Record<string, TaskRunState> | undefined;
  Object.defineProperty(result, 'tasks', {
    enumerable: true,
    configurable: true,
    get: () => (states ??= snapshot()),
    set: (value: Record<string, TaskRunState>) => (states = value),
  });
  return result;
}

/** What few tasks have: a skip reason, an error, or a built attempt history. */
interface RareFields {
  skipReason: SkipReason | undefined;
  skipMessage: string | undefined;
  error: Error | undefined;
  history: AttemptRecord[] | undefined;
  map: MapSummary | undefined;
}

/**
 * Copies each task's final fields into columns (numbers in typed arrays; rare fields in a map
 * keyed by index) in one pass; `snapshot` builds the states.
 */
function snapshotTasks(tasks: readonly Task[]): {
  statusCodes: Uint8Array;
  snapshot: () => Record<string, TaskRunState>;
} {
  const n = tasks.length;
  const status = new Uint8Array(n);
  const result = new Array<unknown>(n);
  const attempts = new Int32Array(n);
  const times = new Float64Array(3 * n);
  const restored = new Uint8Array(n);
  const rare = new Map<number, RareFields>();
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    status[i] = TASK_STATUSES.indexOf(t.status);
    if (t.status === TaskStatus.Completed) result[i] = t.result;
    attempts[i] = t.attempts;
    t.copyTimes(times, 3 * i);
    restored[i] = t.restored ? 1 : 0;
    // Task.reset() drops a built history rather than mutating it, so sharing is safe. A task
    // that ran once and completed has none: its record is built from the timings when read.
    const history = t.builtHistory();
    if (
      t.skipReason !== undefined ||
      t.error !== undefined ||
      history !== undefined ||
      t.map !== undefined
    )
      rare.set(i, {
        skipReason: t.skipReason,
        skipMessage: t.skipMessage,
        error: t.error,
        history,
        map: t.map && copySummary(t.map),
      });
  }
  // The workflow's own array changes with edits; a copy of the references keeps the names aligned.
  const ran = tasks.slice();
  const snapshot = () => {
    const states = emptyRecord<TaskRunState>();
    for (let i = 0; i < n; i++) {
      const name = ran[i]!.name;
      const startedAt = times[3 * i]!;
      const finishedAt = times[3 * i + 1]!;
      const durationMs = times[3 * i + 2]!;
      const extra = rare.get(i);
      const state: TaskRunState = {
        name,
        status: TASK_STATUSES[status[i]!]!,
        attempts: attempts[i]!,
        attemptHistory:
          extra?.history ??
          (attempts[i] === 0 ? [] : [singleAttempt(attempts[i]!, startedAt, finishedAt)]),
      };
      if (extra?.skipReason !== undefined) state.skipReason = extra.skipReason;
      if (extra?.skipMessage !== undefined) state.skipMessage = extra.skipMessage;
      if (state.status === TaskStatus.Completed) state.result = result[i];
      if (extra?.error !== undefined) state.error = serializeError(extra.error);
      if (!Number.isNaN(startedAt)) state.startedAt = startedAt;
      if (!Number.isNaN(finishedAt)) state.finishedAt = finishedAt;
      if (!Number.isNaN(durationMs)) state.durationMs = durationMs;
      if (restored[i]) state.restored = true;
      if (extra?.map !== undefined) state.map = extra.map;
      states[name] = state;
    }
    return states;
  };
  return { statusCodes: status, snapshot };
}
