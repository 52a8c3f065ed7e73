// The one pending autosave: the open workflow's last edit, written after a pause in editing, or at
// once when another workflow is about to replace it in the editor or the page is hidden. Never
// dropped: a save that is replaced by a later edit of the same workflow has nothing left to write.
import type { WorkflowDocument } from '../../engine/index.ts';

/** Writes a document (the autosave's own checks and error reporting included). */
export type WriteDocument = (doc: WorkflowDocument) => Promise<void>;

interface Pending {
  doc: WorkflowDocument;
  write: WriteDocument;
}

let pending: Pending | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Saves `doc` after `delayMs` unless it is edited again meanwhile. A pending save of another
 * workflow (the editor switched workflows) is written first, at once.
 */
export function scheduleSave(doc: WorkflowDocument, write: WriteDocument, delayMs: number): void {
  if (pending && pending.doc.id !== doc.id) void flushPendingSave();
  clearTimeout(timer);
  pending = { doc, write };
  timer = setTimeout(() => void flushPendingSave(), delayMs);
}

/** The document waiting to be saved, if any. */
export function pendingDocument(): WorkflowDocument | undefined {
  return pending?.doc;
}

/** Writes the pending save now; resolves once it is written (at once when none is pending). */
export function flushPendingSave(): Promise<void> {
  clearTimeout(timer);
  const due = pending;
  pending = undefined;
  return due ? due.write(due.doc) : Promise.resolve();
}
