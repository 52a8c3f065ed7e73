// Pure formatting helpers shared by the run inspection panels.
import type { RunView } from '../../store/runSlice.ts';
import type { TaskRunState } from '../../../engine/index.ts';

/** A duration as people read it: `850 ms`, `4.2 s`, `3 m 05 s`, `1 h 02 m`. */
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

/** A wall-clock time with seconds (local time zone). */
export function formatClock(ts: number | undefined): string {
  if (ts === undefined) return '—';
  return new Date(ts).toLocaleTimeString(undefined, { hour12: false });
}

/** Date and time, for run history. */
export function formatDateTime(ts: number): string {
  const d = new Date(ts);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString(undefined, { hour12: false })}`;
}

/** The first 8 characters of a run id, as the banner and history show it. */
export function shortRunId(runId: string): string {
  return runId.replace(/^run[-_]/, '').slice(0, 8);
}

/** A pending placeholder for a task the run has no state for yet. */
export function pendingState(name: string): TaskRunState {
  return { name, status: 'pending', attempts: 0, attemptHistory: [] };
}

/** The state of every task of the run's document (absent ones pending), in document order. */
export function taskStatesOf(run: RunView): TaskRunState[] {
  const seen = new Set<string>();
  const out: TaskRunState[] = [];
  for (const t of run.document.tasks) {
    seen.add(t.name);
    out.push(run.tasks[t.name] ?? pendingState(t.name));
  }
  for (const [name, state] of Object.entries(run.tasks)) if (!seen.has(name)) out.push(state);
  return out;
}

/** True while the run can still change. */
export function isRunActive(run: RunView | null): boolean {
  return run !== null && (run.status === 'running' || run.status === 'pending');
}
