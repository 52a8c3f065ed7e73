import { useAppStore, type AppState } from '../../store/appStore.ts';
import { formatDateTime, shortRunId } from '../shared/format.ts';
import './history.css';

const selectHistoryRun = (s: AppState) => (s.run?.source === 'history' ? s.run : null);

/** Says that the canvas shows a past run, read-only, with the way back to editing. */
export function RunBanner() {
  const run = useAppStore(selectHistoryRun);
  if (!run) return null;
  return (
    <div className="banner run-banner" role="status" data-testid="run-banner">
      <span>
        Viewing run <code>{shortRunId(run.runId)}</code> from {formatDateTime(run.startedAt)}
        {run.retryOf && (
          <>
            {' '}
            (attempt {run.retryOf.attempt}, retry of{' '}
            <code>{shortRunId(run.retryOf.parentRunId)}</code>)
          </>
        )}{' '}
        — read-only
      </span>
      <button type="button" onClick={() => useAppStore.getState().clearRun()}>
        Back to editing
      </button>
    </div>
  );
}
