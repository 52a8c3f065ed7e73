import { Modal } from '../shell/Modal.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { acceptShare, declineShare } from './shareCommands.ts';

const selectIncoming = (s: AppState) => s.incomingShare;
const selectLink = (s: AppState) => s.shareLink;
const PREVIEW_TASKS = 3;

/** The link just made (to copy), and a shared workflow waiting for consent. */
export function ShareDialogs() {
  const incoming = useAppStore(selectIncoming);
  const link = useAppStore(selectLink);
  if (incoming) {
    const doc = incoming.document;
    return (
      <Modal title="Open shared workflow?" onClose={declineShare} testId="share-dialog">
        {doc ? (
          <>
            <p>
              This link holds the workflow <strong data-testid="share-name">{doc.name}</strong> with{' '}
              <span data-testid="share-task-count">{doc.tasks.length}</span> tasks. Its code runs in
              your browser when you run it: read it before adding it to your workflows.
            </p>
            {doc.tasks.slice(0, PREVIEW_TASKS).map((t) => (
              <figure key={t.name} className="code-preview">
                <figcaption>{t.name}</figcaption>
                <pre>{t.code}</pre>
              </figure>
            ))}
            {doc.tasks.length > PREVIEW_TASKS && (
              <p className="panel__hint">…and {doc.tasks.length - PREVIEW_TASKS} more tasks.</p>
            )}
            <div className="modal__actions">
              <button type="button" onClick={() => void acceptShare()}>
                Add to my workflows
              </button>
              <button type="button" onClick={declineShare}>
                Cancel
              </button>
            </div>
          </>
        ) : (
          <>
            <p>This link does not hold a valid workflow:</p>
            <ul className="problem-list">
              {incoming.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
            <button type="button" onClick={declineShare}>
              OK
            </button>
          </>
        )}
      </Modal>
    );
  }
  if (link) {
    return (
      <Modal
        title="Share link"
        onClose={() => useAppStore.setState({ shareLink: null })}
        testId="share-link-dialog"
      >
        <p>Anyone who opens this link sees the workflow and is asked before it is added.</p>
        <input readOnly value={link} aria-label="Share link" onFocus={(e) => e.target.select()} />
      </Modal>
    );
  }
  return null;
}
