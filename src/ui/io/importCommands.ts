// Import and export of workflow JSON. Import is validated by the engine and changes nothing when refused.
import {
  checkDocumentSize,
  DOCUMENT_LIMITS,
  safeParseWorkflowDocument,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { markValid } from '../checklist/diagnostics.ts';
import { useAppStore } from '../store/appStore.ts';
import { markAdded, setTrust, trustOf } from '../trust/trustRecords.ts';
import { downloadBlob, fileSafeName } from './download.ts';

/** The engine's verdict on a JSON text: a document, or every problem found. */
export function parseImport(
  text: string,
): { ok: true; document: WorkflowDocument } | { ok: false; messages: string[] } {
  const result = safeParseWorkflowDocument(text, { limits: DOCUMENT_LIMITS });
  return result.ok
    ? { ok: true, document: result.document }
    : { ok: false, messages: result.issues.map((i) => i.message) };
}

/**
 * Replaces the open workflow's content with a file's (one undo step; the workflow keeps its
 * identity in the list) and marks it as added from a file. A malformed file lists its problems and
 * changes nothing.
 */
export async function importFile(file: File): Promise<void> {
  // A file over the size limit is refused unread.
  const tooLarge = checkDocumentSize(file.size);
  const result = tooLarge
    ? { ok: false as const, messages: [tooLarge.message] }
    : parseImport(await file.text());
  const state = useAppStore.getState();
  if (!result.ok) {
    state.setDialog('none');
    useAppStore.setState({ importProblems: { file: file.name, messages: result.messages } });
    return;
  }
  // Validation and drawing are two main-thread tasks, not one long one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const current = useAppStore.getState();
  const imported = { ...result.document, id: current.document.id };
  markValid(imported);
  // The workflow's content now comes from a file: network off, reviewed before it runs (Undo
  // brings the old content back, not the old trust). Marked before the commit, so the approval of
  // the old content cannot follow this change as if it were an edit.
  const before = trustOf(imported.id);
  markAdded(imported.id, 'import');
  current.commit(imported, { select: [] });
  if (useAppStore.getState().document !== imported) {
    setTrust(imported.id, before); // refused (a past run is shown read-only): nothing changed
    return;
  }
  useAppStore.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
  current.showToast({
    kind: 'info',
    message: `Imported "${result.document.name}" (${result.document.tasks.length} tasks). Ctrl+Z undoes it.`,
  });
}

/** Downloads the open workflow as `name.flowweaver.json`. */
export function exportJson(): void {
  const doc = useAppStore.getState().document;
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  downloadBlob(blob, `${fileSafeName(doc.name)}.flowweaver.json`);
}
