// Pure: derives run metrics from task states; never touches stores, timers or the DOM.
import { TASK_STATUSES, type TaskStatus } from '../model/status.ts';
import type { MapSummary, TaskRunState } from '../model/types.ts';

/** Figures about one run, as the metrics panel and the CLI show them. */
export interface RunMetrics {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** Retries over all tasks: attempts after a failed one (an interrupted attempt is none). */
  retries: number;
  /** Tasks that finished (completed or failed) per second of run wall time. */
  throughputPerS: number;
  p50DurationMs: number;
  p95DurationMs: number;
  maxDurationMs: number;
  /** Sum of the durations of finished tasks, and how many there were (for summaries). */
  sumDurationMs: number;
  finishedCount: number;
  /** Wall time of the run in ms (first start to last finish, or to `now` while running). */
  wallTimeMs: number;
  /** Instance counts of each mapped task (`mapOver`) whose instances are known, by task name. */
  maps: Record<string, MapSummary>;
}

/** Attempts a resume found interrupted (the page that ran them went away): not retries. */
function interruptedAttempts(task: TaskRunState): number {
  let n = 0;
  for (const a of task.attemptHistory) if (a.outcome === 'interrupted') n++;
  return n;
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Computes metrics over task states. Restored tasks (from a resumed run) count in `byStatus` but
 * not in durations or throughput, which describe the work this run did.
 */
export function computeRunMetrics(
  tasks: Iterable<TaskRunState>,
  window: { startedAt?: number; finishedAt?: number; now?: number } = {},
): RunMetrics {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<
    TaskStatus,
    number
  >;
  const durations: number[] = [];
  let total = 0;
  let retries = 0;
  let finished = 0;
  let first = window.startedAt ?? Infinity;
  let last = window.finishedAt ?? -Infinity;
  const maps: Record<string, MapSummary> = Object.create(null) as Record<string, MapSummary>;
  for (const task of tasks) {
    total++;
    byStatus[task.status]++;
    if (task.map !== undefined) maps[task.name] = task.map;
    if (task.restored) continue;
    retries += Math.max(0, task.attempts - 1 - interruptedAttempts(task));
    if (task.startedAt !== undefined && window.startedAt === undefined)
      first = Math.min(first, task.startedAt);
    if (task.finishedAt !== undefined && window.finishedAt === undefined)
      last = Math.max(last, task.finishedAt);
    if (
      (task.status === 'completed' || task.status === 'failed') &&
      task.durationMs !== undefined
    ) {
      durations.push(task.durationMs);
      finished++;
    }
  }
  if (window.finishedAt === undefined && window.now !== undefined)
    last = Math.max(last, window.now);
  durations.sort((a, b) => a - b);
  const wallTimeMs =
    Number.isFinite(first) && Number.isFinite(last) ? Math.max(0, last - first) : 0;
  return {
    total,
    byStatus,
    retries,
    throughputPerS: wallTimeMs > 0 ? (finished * 1000) / wallTimeMs : 0,
    p50DurationMs: percentile(durations, 50),
    p95DurationMs: percentile(durations, 95),
    maxDurationMs: durations.at(-1) ?? 0,
    sumDurationMs: durations.reduce((a, b) => a + b, 0),
    finishedCount: finished,
    wallTimeMs,
    maps,
  };
}
