// Run-level state helpers: restoring a stored run (resume) and building the RunResult.
import { computeStats } from '../model/stats.ts';
import { TaskStatus, type SkipReason, type WorkflowStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import { serializeError } from '../model/serializeError.ts';
import type { AttemptRecord, RunResult, TaskRunState } from '../model/types.ts';
import type { StoredRun } from '../storage/StateStore.ts';

/**
 * Applies a stored run to the tasks (contract §5): `completed` tasks get their result, timings and
 * attempts back and are never re-run; a task stored as `running` keeps its history with that
 * attempt marked `interrupted` and runs again; every other task starts afresh. Returns the names
 * restored as completed.
 */
export function restoreRun(tasks: readonly Task[], stored: StoredRun): string[] {
  const restored: string[] = [];
  for (const task of tasks) {
    const state = stored.tasks[task.name];
    if (!state) continue;
    if (state.status === TaskStatus.Completed) {
      task.status = TaskStatus.Completed;
      task.result = state.result;
      task.attempts = state.attempts;
      task.attemptHistory = state.attemptHistory.map((a) => ({ ...a }));
      task.startedAt = state.startedAt;
      task.finishedAt = state.finishedAt;
      task.durationMs = state.durationMs;
      task.restored = true;
      restored.push(task.name);
    } else if (state.status === TaskStatus.Running) {
      task.attemptHistory = state.attemptHistory.map((a) =>
        a.outcome === 'running' ? { ...a, outcome: 'interrupted' } : { ...a },
      );
      // Attempt numbers continue after the interrupted one; it does not use up a retry.
      task.attempts = task.attemptHistory.length;
    }
  }
  return restored;
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
): RunResult {
  const durationMs = run.finishedAt - run.startedAt;
  const snapshot = snapshotTasks(tasks);
  const result = {
    ...run,
    durationMs,
    stats: computeStats(tasks, durationMs),
    restored,
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

/** Copies each task's final fields into columns; the returned function builds the states. */
function snapshotTasks(tasks: readonly Task[]): () => Record<string, TaskRunState> {
  const n = tasks.length;
  const status = new Array<TaskStatus>(n);
  const skipReason = new Array<SkipReason | undefined>(n);
  const result = new Array<unknown>(n);
  const error = new Array<Error | undefined>(n);
  const attempts = new Int32Array(n);
  const history = new Array<AttemptRecord[] | undefined>(n);
  const startedAt = new Float64Array(n).fill(NaN);
  const finishedAt = new Float64Array(n).fill(NaN);
  const durationMs = new Float64Array(n).fill(NaN);
  const restored = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    status[i] = t.status;
    skipReason[i] = t.skipReason;
    result[i] = t.result;
    error[i] = t.error;
    attempts[i] = t.attempts;
    // Task.reset() replaces a non-empty history rather than mutating it, so sharing is safe; an
    // empty one may be reused by the next run, so it is not kept.
    history[i] = t.attemptHistory.length > 0 ? t.attemptHistory : undefined;
    if (t.startedAt !== undefined) startedAt[i] = t.startedAt;
    if (t.finishedAt !== undefined) finishedAt[i] = t.finishedAt;
    if (t.durationMs !== undefined) durationMs[i] = t.durationMs;
    restored[i] = t.restored ? 1 : 0;
  }
  return () => {
    const states: Record<string, TaskRunState> = {};
    for (let i = 0; i < n; i++) {
      const name = tasks[i]!.name;
      const state: TaskRunState = {
        name,
        status: status[i]!,
        attempts: attempts[i]!,
        attemptHistory: history[i] ?? [],
      };
      if (skipReason[i] !== undefined) state.skipReason = skipReason[i]!;
      if (status[i] === TaskStatus.Completed) state.result = result[i];
      if (error[i] !== undefined) state.error = serializeError(error[i]);
      if (!Number.isNaN(startedAt[i])) state.startedAt = startedAt[i]!;
      if (!Number.isNaN(finishedAt[i])) state.finishedAt = finishedAt[i]!;
      if (!Number.isNaN(durationMs[i])) state.durationMs = durationMs[i]!;
      if (restored[i]) state.restored = true;
      states[name] = state;
    }
    return states;
  };
}
