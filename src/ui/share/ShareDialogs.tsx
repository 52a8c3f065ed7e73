import { ConfirmActions, Modal } from '../shell/Modal.tsx';
import { ProblemList } from '../shell/ProblemList.tsx';
import { CodeReview } from '../trust/CodeReview.tsx';
import { escapeUnusual } from '../trust/codeReview.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { acceptShare, declineShare } from './shareCommands.ts';

const selectIncoming = (s: AppState) => s.incomingShare;
const selectLink = (s: AppState) => s.shareLink;

/** The link just made (to copy), and a shared workflow waiting for consent. */
export function ShareDialogs() {
  const incoming = useAppStore(selectIncoming);
  const link = useAppStore(selectLink);
  if (incoming) {
    const doc = incoming.document;
    if (!doc) {
      return (
        <Modal title="Open shared workflow?" onClose={declineShare} testId="share-dialog">
          <p>This link does not hold a valid workflow:</p>
          <ProblemList messages={incoming.problems} />
          <button type="button" onClick={declineShare}>
            OK
          </button>
        </Modal>
      );
    }
    return (
      <Modal
        title="Open shared workflow?"
        onClose={declineShare}
        testId="share-dialog"
        className="modal--wide"
        footer={
          <ConfirmActions
            confirm="Add to my workflows"
            onConfirm={() => void acceptShare()}
            onCancel={declineShare}
          />
        }
      >
        <div className="review-intro">
          <p>
            This link holds the workflow{' '}
            <strong data-testid="share-name">{escapeUnusual(doc.name)}</strong> with{' '}
            <span data-testid="share-task-count">{doc.tasks.length}</span> tasks. Its code runs in
            your browser when you run it: read all of it below before adding it to your workflows.
            Added, it starts with network access off, and asks you once more before its first run.
          </p>
        </div>
        <CodeReview tasks={doc.tasks} />
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
