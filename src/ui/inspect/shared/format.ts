// Pure formatting helpers shared by the run inspection panels.
import type { RunView } from '../../store/runSlice.ts';
import type { TaskRunState } from '../../../engine/index.ts';

export { formatDuration } from '../../run/durations.ts';

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
