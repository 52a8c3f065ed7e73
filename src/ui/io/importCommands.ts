// Import and export of workflow JSON. Import is validated by the engine and changes nothing when refused.
import {
  checkDocumentSize,
  DOCUMENT_LIMITS,
  safeParseWorkflowDocument,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { markValid } from '../checklist/diagnostics.ts';
import { takeLayout, withLayout } from '../layout/documentLayout.ts';
import {
  addWorkflow,
  getRepository,
  newWorkflowId,
  undoWorkflowAction,
} from '../persistence/workflowCommands.ts';
import { recordAction } from '../persistence/workflowUndoStack.ts';
import { useAppStore } from '../store/appStore.ts';
import { downloadBlob, downloadFileName } from './download.ts';
import { decodeStrictUtf8 } from './strictUtf8.ts';

/** The engine's verdict on a JSON text: a document, or every problem found. */
export function parseImport(
  text: string,
): { ok: true; document: WorkflowDocument } | { ok: false; messages: string[] } {
  const result = safeParseWorkflowDocument(text, { limits: DOCUMENT_LIMITS });
  return result.ok
    ? { ok: true, document: result.document }
    : { ok: false, messages: result.issues.map((i) => i.message) };
}

/** Like parseImport, for a file's bytes: text that is not valid UTF-8 is refused, not repaired. */
export function parseImportBytes(
  bytes: Uint8Array,
): { ok: true; document: WorkflowDocument } | { ok: false; messages: string[] } {
  const decoded = decodeStrictUtf8(bytes);
  if ('invalidAt' in decoded)
    return {
      ok: false,
      messages: [
        `The file is not valid UTF-8 text: byte ${decoded.invalidAt.toLocaleString('en-US')} (counting from 0) cannot be read. Save it as UTF-8 and import it again.`,
      ],
    };
  return parseImport(decoded.text);
}

/**
 * Adds a file's workflow as a new workflow (a fresh id, even when a saved workflow has the file's
 * id) and opens it; the open workflow is left as it is. The new workflow is marked as added from
 * a file (network off, reviewed before it runs). Undo in the toast, or Ctrl+Z (after a reload
 * too), moves it to Recently deleted and reopens the workflow that was open. A malformed file lists its problems and changes nothing.
 */
export async function importFile(file: File): Promise<void> {
  // A file over the size limit is refused unread.
  const tooLarge = checkDocumentSize(file.size);
  const result = tooLarge
    ? { ok: false as const, messages: [tooLarge.message] }
    : parseImportBytes(new Uint8Array(await file.arrayBuffer()));
  const state = useAppStore.getState();
  if (!result.ok) {
    state.setDialog('none');
    useAppStore.setState({ importProblems: { file: file.name, messages: result.messages } });
    return;
  }
  // Validation and drawing are two main-thread tasks, not one long one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const previous = useAppStore.getState().document.id;
  const sameId = await getRepository().get(result.document.id);
  // The file's layout direction is saved with the workflow (the document kept has no `layout`).
  const { document: imported, direction } = takeLayout(result.document);
  const added = { ...imported, id: newWorkflowId() };
  markValid(added);
  await addWorkflow(added, {
    source: 'import',
    ...(direction ? { layoutDirection: direction } : {}),
  });
  // Undone by the toast's Undo, or by Ctrl+Z (after a reload too).
  const action = recordAction({ kind: 'import', id: added.id, name: added.name, previous });
  const kept = sameId
    ? ` It has the id of your saved workflow "${sameId.name}", which is kept too.`
    : '';
  useAppStore.getState().showToast({
    kind: 'info',
    message: `Imported as a new workflow. Undo removes it.${kept}`,
    action: { label: 'Undo', run: () => void undoWorkflowAction(action.key) },
  });
}

/** Downloads the open workflow as `name.flowweaver.json`, with its layout direction. */
export function exportJson(): void {
  const { document: open, layoutDirection } = useAppStore.getState();
  const doc = withLayout(open, layoutDirection);
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  downloadBlob(blob, downloadFileName(doc.name, 'flowweaver.json'));
}
