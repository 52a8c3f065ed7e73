import { useAppStore, type AppState } from '../store/appStore.ts';
import { discardInterrupted, resumeInterrupted } from './resumeGuard.ts';

const selectInterrupted = (s: AppState) => s.interruptedRun;
const selectOpenId = (s: AppState) => s.document.id;

/** An interrupted run that did not resume by itself (its last resume ended the page). */
export function InterruptedRunBanner() {
  const interrupted = useAppStore(selectInterrupted);
  const openId = useAppStore(selectOpenId);
  if (!interrupted || interrupted.stored.run.workflowId !== openId) return null;
  const { running } = interrupted;
  return (
    <div className="banner banner--warning" role="alert" data-testid="interrupted-run-banner">
      <span>
        This run was interrupted, and resuming it ended the page last time (a task may have run out
        of memory), so it did not resume by itself.
        {running.length > 0 && (
          <>
            {' '}
            Running then: <strong>{running.join(', ')}</strong>.
          </>
        )}
      </span>
      <span className="banner__actions">
        <button type="button" onClick={() => void resumeInterrupted()}>
          Resume
        </button>
        <button type="button" onClick={() => void discardInterrupted()}>
          Discard
        </button>
      </span>
    </div>
  );
}
