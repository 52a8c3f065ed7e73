import { useState } from 'react';
import { ConfirmActions, Modal } from '../shell/Modal.tsx';
import { CodeReview } from './CodeReview.tsx';
import { escapeUnusual } from './codeReview.ts';
import { NetworkPolicyEditor } from './NetworkPolicyEditor.tsx';
import { draftOf, policyOfDraft } from './networkPolicy.ts';
import { approveReview, cancelReview, useRunReview, type PendingReview } from './runReview.ts';
import './trust.css';

const FROM: Record<PendingReview['source'], string> = {
  import: 'a file you imported',
  link: 'a share link',
};

/** The review before the first run of a workflow added from a file or a link. */
export function RunReviewDialog() {
  const pending = useRunReview((s) => s.pending);
  // A new review (another workflow, or the same one asked again) starts from its own policy.
  return pending ? (
    <ReviewDialog key={pending.fingerprint + pending.document.id} pending={pending} />
  ) : null;
}

function ReviewDialog({ pending }: { pending: PendingReview }) {
  const [draft, setDraft] = useState(() => draftOf(pending.network));
  const checked = policyOfDraft(draft);
  const { document: doc } = pending;
  return (
    <Modal
      title="Review before running"
      onClose={cancelReview}
      testId="run-review"
      className="modal--wide"
      footer={
        <ConfirmActions
          confirm="Run"
          onConfirm={() => 'policy' in checked && approveReview(checked.policy)}
          onCancel={cancelReview}
          problem={'errors' in checked ? checked.errors[0] : undefined}
          note="Running lets this code work in your browser with the network access chosen above."
          testId="review-run"
        />
      }
    >
      <div className="review-intro">
        <p>
          <strong className="review-intro__name">{escapeUnusual(doc.name)}</strong> came from{' '}
          {FROM[pending.source]}. Before its code runs for the first time, read all of it: this is
          the code that will run, nothing is left out. You are asked again if the code changes other
          than by your own edits here.
        </p>
      </div>
      <NetworkPolicyEditor draft={draft} onChange={setDraft} />
      <CodeReview tasks={doc.tasks} />
    </Modal>
  );
}
