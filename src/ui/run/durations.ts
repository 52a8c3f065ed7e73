// The one definition of how long a run, a task and an attempt took, and how attempts are counted
// (docs/running.md, "Durations and attempts"). Every view reads them here. Pure: no clock, no store.
import type { AttemptRecord, TaskRunState, WorkflowStatus } from '../../engine/index.ts';

/** What a run's duration is computed from (a RunView, a stored RunRecord or a RunResult). */
export interface RunTimes {
  /** The run's first start (kept when it resumes after a reload). */
  startedAt: number;
  finishedAt?: number | undefined;
  status: WorkflowStatus;
}

/**
 * A run's duration: wall-clock time from its first start to its end, or to `now` while it runs.
 * A run resumed after a reload counts the time the page was away too. `undefined` for a run that
 * stopped without an end (interrupted and not resumed).
 */
export function runDurationMs(run: RunTimes, now: number): number | undefined {
  if (run.finishedAt !== undefined) return Math.max(0, run.finishedAt - run.startedAt);
  if (run.status === 'running' || run.status === 'pending') return Math.max(0, now - run.startedAt);
  return undefined;
}

/** What a task's or a mapped task instance's duration is computed from. */
type StateTimes = Pick<TaskRunState, 'status' | 'startedAt' | 'finishedAt' | 'durationMs'>;

const isActive = (state: StateTimes) => state.status === 'running' || state.status === 'retrying';

/**
 * A task's duration: from its first attempt's start to its end, retries, their delays and
 * interrupted attempts included, or to `now` while it runs. A restored task keeps the duration it
 * had in the run that produced it.
 */
export function taskDurationMs(state: StateTimes, now: number): number | undefined {
  if (state.durationMs !== undefined && !isActive(state)) return state.durationMs;
  if (state.startedAt === undefined) return undefined;
  if (isActive(state)) return Math.max(0, now - state.startedAt);
  return state.finishedAt !== undefined
    ? Math.max(0, state.finishedAt - state.startedAt)
    : undefined;
}

/**
 * When attempt `index` of `history` ended: its recorded end; `now` while it runs; for an attempt
 * recorded without an end (an interrupted one stored before ends were kept, or a run that stopped)
 * the start of the next attempt, else `fallbackEnd` (the run's end), else its own start.
 */
export function attemptEnd(
  history: readonly AttemptRecord[],
  index: number,
  now: number,
  fallbackEnd?: number,
): number {
  const a = history[index]!;
  if (a.finishedAt !== undefined) return Math.max(a.startedAt, a.finishedAt);
  if (a.outcome === 'running') return Math.max(a.startedAt, now);
  return Math.max(a.startedAt, history[index + 1]?.startedAt ?? fallbackEnd ?? a.startedAt);
}

/** How many attempts a task made, of how many it may make, and how many were interrupted. */
export interface AttemptCount {
  current: number;
  /** The task's retries + 1, plus one per interrupted attempt (an interruption uses up no retry). */
  of: number;
  interrupted: number;
}

/** The attempt count of a task whose options allow `retries` retries. */
export function attemptCount(
  state: Pick<TaskRunState, 'attempts' | 'attemptHistory'>,
  retries: number,
): AttemptCount {
  const interrupted = state.attemptHistory.filter((a) => a.outcome === 'interrupted').length;
  return { current: state.attempts, of: Math.max(0, retries) + 1 + interrupted, interrupted };
}

/** `attempt 2 of 2 (1 interrupted)`, or `no attempt yet (up to 3)`. */
export function formatAttemptCount(count: AttemptCount): string {
  if (count.current === 0) return `no attempt yet (up to ${count.of})`;
  const note = count.interrupted > 0 ? ` (${count.interrupted} interrupted)` : '';
  return `attempt ${count.current} of ${count.of}${note}`;
}

/**
 * When an interrupted run was resumed: the latest end of its interrupted attempts (the resume
 * that found them stamped it), or `undefined` when no attempt was interrupted.
 */
export function resumedAt(tasks: Iterable<TaskRunState>): number | undefined {
  let at: number | undefined;
  for (const task of tasks)
    for (const a of task.attemptHistory)
      if (a.outcome === 'interrupted' && a.finishedAt !== undefined)
        at = Math.max(at ?? a.finishedAt, a.finishedAt);
  return at;
}

/** A duration as people read it: `850 ms`, `4.20 s`, `42.0 s`, `3 m 05 s`, `1 h 02 m`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalS = Math.floor(ms / 1000);
  if (totalS < 3600)
    return `${Math.floor(totalS / 60)} m ${String(totalS % 60).padStart(2, '0')} s`;
  const m = Math.floor(totalS / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}
