// The review step before a run: a workflow added from a file or a link runs only after the user
// has seen all of its code and confirmed it, once per version of that code. The user's own edits in
// this editor keep the approval; a document that changed elsewhere arrives as a new workflow (an
// import or a link) and asks again.
import { create } from 'zustand';
import type { WorkflowDocument } from '../../engine/index.ts';
import { codeFingerprint } from './fingerprint.ts';
import type { NetworkPolicy } from './networkPolicy.ts';
import { setTrust, trustOf, type WorkflowSource } from './trustRecords.ts';

/** A review the user has been asked for and has not answered yet. */
export interface PendingReview {
  document: WorkflowDocument;
  source: Exclude<WorkflowSource, 'local'>;
  /** The fingerprint of the code shown: the one recorded when the user confirms. */
  fingerprint: string;
  network: NetworkPolicy;
  resolve: (allowed: boolean) => void;
}

export const useRunReview = create<{ pending: PendingReview | null }>(() => ({ pending: null }));

/** Whether running `doc` needs the user's review first (added from a file or a link, not approved). */
export function needsReview(doc: WorkflowDocument): boolean {
  const record = trustOf(doc.id);
  return record.source !== 'local' && record.approvedFingerprint !== codeFingerprint(doc);
}

/**
 * Resolves true when `doc` may run: it was made here, or its code is the code the user approved.
 * Otherwise it shows the review and resolves with the user's answer (Run: true, Cancel: false).
 * Every run the user starts from the UI passes here; resuming a run already started does not.
 */
export function confirmRunAllowed(doc: WorkflowDocument): Promise<boolean> {
  if (!needsReview(doc)) return Promise.resolve(true);
  const record = trustOf(doc.id);
  // A review still open (a second click) is answered "no": only the newest one can run.
  useRunReview.getState().pending?.resolve(false);
  return new Promise<boolean>((resolve) => {
    useRunReview.setState({
      pending: {
        document: doc,
        source: record.source as PendingReview['source'],
        fingerprint: codeFingerprint(doc),
        network: record.network,
        resolve,
      },
    });
  });
}

/** The user confirmed the review: records the approval and the network policy chosen, then runs. */
export function approveReview(network: NetworkPolicy): void {
  const pending = useRunReview.getState().pending;
  if (!pending) return;
  const { document, fingerprint, resolve } = pending;
  setTrust(document.id, { ...trustOf(document.id), network, approvedFingerprint: fingerprint });
  useRunReview.setState({ pending: null });
  resolve(true);
}

/** The user cancelled the review: nothing runs. */
export function cancelReview(): void {
  const pending = useRunReview.getState().pending;
  if (!pending) return;
  useRunReview.setState({ pending: null });
  pending.resolve(false);
}

/**
 * The user edited an approved workflow in this editor (`prev` → `next`, the same workflow): the
 * approval follows the edit, so their own change does not ask for a review again. Nothing changes
 * unless `prev` itself was the approved code.
 */
export function keepApprovalAfterEdit(prev: WorkflowDocument, next: WorkflowDocument): void {
  if (prev.id !== next.id || prev.tasks === next.tasks) return;
  const record = trustOf(next.id);
  if (record.source === 'local' || record.approvedFingerprint === undefined) return;
  if (record.approvedFingerprint !== codeFingerprint(prev)) return;
  const fingerprint = codeFingerprint(next);
  if (fingerprint !== record.approvedFingerprint)
    setTrust(next.id, { ...record, approvedFingerprint: fingerprint });
}
