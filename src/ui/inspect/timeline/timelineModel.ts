// Pure: the Gantt chart of a run — one bar per attempt, rows in start order, a time axis.
import {
  STATUS_COLORS,
  type AttemptRecord,
  type TaskRunState,
  type TaskStatus,
} from '../../../engine/index.ts';
import { attemptEnd } from '../../run/durations.ts';

export type AttemptOutcome = AttemptRecord['outcome'];

/** Bar colour per attempt outcome; the statuses' palette where one maps. */
export const OUTCOME_COLORS: Readonly<Record<AttemptOutcome, string>> = {
  running: STATUS_COLORS.running,
  completed: STATUS_COLORS.completed,
  failed: STATUS_COLORS.failed,
  timeout: '#c2255c',
  cancelled: STATUS_COLORS.cancelled,
  interrupted: STATUS_COLORS.pending,
  skipped: STATUS_COLORS.skipped,
};

export const OUTCOMES: readonly AttemptOutcome[] = [
  'completed',
  'failed',
  'timeout',
  'running',
  'cancelled',
  'interrupted',
  'skipped',
];

export interface TimelineBar {
  task: string;
  attempt: number;
  outcome: AttemptOutcome;
  /** Absolute times (ms since the epoch); `end` is `now` for a running attempt. */
  start: number;
  end: number;
  running: boolean;
  error?: string;
}

export interface TimelineRow {
  task: string;
  status: TaskStatus;
  restored: boolean;
  bars: TimelineBar[];
}

export interface TimelineModel {
  rows: TimelineRow[];
  /** Domain of the axis. */
  start: number;
  end: number;
  /** Tasks that have no attempt yet (pending or skipped); not drawn as rows. */
  withoutAttempts: number;
}

const fallbackOutcome = (status: TaskStatus): AttemptOutcome =>
  status === 'completed' || status === 'failed' || status === 'running' || status === 'cancelled'
    ? status
    : 'interrupted';

function barsOf(task: TaskRunState, now: number, runEnd: number | undefined): TimelineBar[] {
  const history: AttemptRecord[] =
    task.attemptHistory.length > 0
      ? task.attemptHistory
      : task.startedAt !== undefined
        ? [
            {
              attempt: Math.max(1, task.attempts),
              startedAt: task.startedAt,
              ...(task.finishedAt !== undefined ? { finishedAt: task.finishedAt } : {}),
              outcome: fallbackOutcome(task.status),
              ...(task.error ? { error: task.error } : {}),
            },
          ]
        : [];
  return history.map((a, i) => {
    const running = a.outcome === 'running' && a.finishedAt === undefined;
    return {
      task: task.name,
      attempt: a.attempt,
      outcome: a.outcome,
      start: a.startedAt,
      end: attemptEnd(history, i, now, runEnd),
      running,
      ...(a.error ? { error: a.error.message } : {}),
    };
  });
}

/** Rows of the chart: tasks with at least one attempt, by first start (ties: given order). */
export function buildTimeline(
  tasks: readonly TaskRunState[],
  run: { startedAt: number; finishedAt?: number; now: number },
): TimelineModel {
  const rows: TimelineRow[] = [];
  let withoutAttempts = 0;
  let start = run.startedAt;
  let end = run.finishedAt ?? run.now;
  for (const task of tasks) {
    const bars = barsOf(task, run.now, run.finishedAt);
    if (bars.length === 0) {
      withoutAttempts++;
      continue;
    }
    for (const b of bars) {
      start = Math.min(start, b.start);
      end = Math.max(end, b.end);
    }
    rows.push({ task: task.name, status: task.status, restored: Boolean(task.restored), bars });
  }
  const firstStart = (r: TimelineRow) => r.bars.reduce((m, b) => Math.min(m, b.start), Infinity);
  const keyed = rows.map((r, i) => ({ r, i, s: firstStart(r) }));
  keyed.sort((a, b) => a.s - b.s || a.i - b.i);
  return { rows: keyed.map((k) => k.r), start, end: Math.max(end, start + 1), withoutAttempts };
}

/** Horizontal position and width of a bar in pixels; at least `minWidth` so short attempts show. */
export function barGeometry(
  bar: Pick<TimelineBar, 'start' | 'end'>,
  domain: { start: number; end: number },
  width: number,
  minWidth = 2,
): { x: number; w: number } {
  const span = Math.max(1, domain.end - domain.start);
  const x = ((bar.start - domain.start) / span) * width;
  const w = Math.max(minWidth, ((bar.end - bar.start) / span) * width);
  return {
    x: Math.min(x, Math.max(0, width - minWidth)),
    w: Math.min(w, Math.max(minWidth, width - x)),
  };
}

/** A "nice" tick step (1, 2 or 5 × 10^k ms) so that at most `maxTicks` ticks cover `spanMs`. */
export function tickStep(spanMs: number, maxTicks: number): number {
  const raw = Math.max(1, spanMs) / Math.max(1, maxTicks);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** Tick offsets (ms from the domain start), starting at 0. */
export function ticks(spanMs: number, maxTicks: number): number[] {
  const step = tickStep(spanMs, maxTicks);
  const out: number[] = [];
  for (let t = 0; t <= spanMs + 1e-9; t += step) out.push(t);
  return out;
}

/** Tick label: `250 ms`, `1.5 s`, `2 m 30 s`. */
export function tickLabel(offsetMs: number, stepMs: number): string {
  if (offsetMs === 0) return '0';
  if (stepMs < 1000)
    return offsetMs < 1000 ? `${Math.round(offsetMs)} ms` : `${+(offsetMs / 1000).toFixed(3)} s`;
  if (offsetMs < 60_000) return `${+(offsetMs / 1000).toFixed(1)} s`;
  const s = Math.round(offsetMs / 1000);
  return `${Math.floor(s / 60)} m${s % 60 ? ` ${s % 60} s` : ''}`;
}
