// A synchronous safety net for the last edits: IndexedDB writes started while the page unloads
// may never finish, so the pending document also goes to localStorage and is saved on next start.
// Once the write has finished the copy goes, so a later start never puts an older edit back.
import { safeParseWorkflowDocument, type WorkflowDocument } from '../../engine/index.ts';

const KEY = 'flowweaver.pendingSave';

export function stashPendingSave(doc: WorkflowDocument): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(doc));
  } catch {
    // Quota or private mode: the async save is all we have.
  }
}

/** Forgets the stashed copy of `doc` once it is saved (a newer stash is left alone). */
export function clearStashedSave(doc: WorkflowDocument): void {
  try {
    if (localStorage.getItem(KEY) === JSON.stringify(doc)) localStorage.removeItem(KEY);
  } catch {
    // Nothing was stashed where storage is unavailable.
  }
}

/** The stashed document (valid documents only), removing it from storage. */
export function takePendingSave(): WorkflowDocument | null {
  try {
    const text = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
    if (text === null) return null;
    const result = safeParseWorkflowDocument(text);
    return result.ok ? result.document : null;
  } catch {
    return null;
  }
}
