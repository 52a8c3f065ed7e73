// Why each run action is unavailable now: read by the run toolbar and the command palette alike.
import { selectRunBlockers } from '../checklist/diagnostics.ts';
import type { AppState } from '../store/appStore.ts';
import { selectSingleSelected } from '../store/selectors.ts';

/** Why Run is disabled, or null when it may run. */
export const selectRunDisabledReason = (s: AppState): string | null => {
  if (s.run?.status === 'running') {
    return s.run.source === 'remote'
      ? 'Another tab is running this workflow'
      : 'A run is in progress';
  }
  const blockers = selectRunBlockers(s);
  if (blockers.length === 0) return null;
  const more = blockers.length > 1 ? ` (+${blockers.length - 1} more in the checklist)` : '';
  return `Fix first: ${blockers[0]!.message}${more}`;
};

/** Why "Run from here" and "Run this task" are disabled, or null. */
export const selectPartialRunReason = (s: AppState): string | null => {
  if (s.run?.status === 'running') return 'A run is in progress';
  if (selectSingleSelected(s) === null) return 'Select one task on the canvas first';
  return selectRunDisabledReason(s);
};

export const selectCanCancel = (s: AppState) =>
  s.run?.status === 'running' && s.run.source === 'live';

export const selectCanRetry = (s: AppState) => {
  const run = s.run;
  if (!run || run.status === 'running' || run.workflowId !== s.document.id) return false;
  if (selectRunBlockers(s).length > 0) return false;
  return run.document.tasks.some((t) => {
    const status = run.tasks[t.name]?.status;
    return status !== 'completed';
  });
};
