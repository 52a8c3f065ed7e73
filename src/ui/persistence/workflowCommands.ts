// Opening, creating, renaming, duplicating and deleting saved workflows; Recently deleted.
import { migrateWorkflowDocument, type WorkflowDocument } from '../../engine/index.ts';
import { takeLayout } from '../layout/documentLayout.ts';
import { useAppStore } from '../store/appStore.ts';
import type { LayoutDirection } from '../store/uiSlice.ts';
import { copyTrust, forgetTrust, markAdded, type WorkflowSource } from '../trust/trustRecords.ts';
import { flushPendingSave } from './autosave.ts';
import { forgetDeletesOf, recordAction, takeAction } from './workflowUndoStack.ts';
import { MemoryWorkflowRepository, type WorkflowRepository } from './workflowRepository.ts';

export const LAST_OPENED_KEY = 'flowweaver.lastWorkflow';
let repository: WorkflowRepository = new MemoryWorkflowRepository();

export function setRepository(repo: WorkflowRepository): void {
  repository = repo;
}

export function getRepository(): WorkflowRepository {
  return repository;
}

export function newWorkflowId(): string {
  return `wf-${crypto.randomUUID()}`;
}

function remember(id: string): void {
  try {
    localStorage.setItem(LAST_OPENED_KEY, id);
  } catch {
    // Private mode: the next start opens the most recent workflow instead.
  }
}

/** Re-reads the saved and the recently deleted workflows into the store. */
export async function refreshWorkflowList(): Promise<void> {
  const [savedWorkflows, deletedWorkflows] = await Promise.all([
    repository.list(),
    repository.listDeleted(),
  ]);
  useAppStore.setState({ savedWorkflows, deletedWorkflows });
}

let loading = false;

/** Whether the document change under way opens a workflow (not an edit of the open one). */
export function isLoadingDocument(): boolean {
  return loading;
}

/**
 * Puts a document on the canvas as a fresh editing session (history starts empty), laid out in
 * the direction saved with it (top-down when none was).
 */
export function showDocument(saved: WorkflowDocument): void {
  // Saved by an older version of the app: opened (and from now on saved and exported) as the
  // current document version; a document that cannot be migrated opens as it was.
  const migrated = migrateWorkflowDocument(saved);
  const doc = migrated.ok ? (migrated.document as unknown as WorkflowDocument) : saved;
  const temporal = useAppStore.temporal.getState();
  temporal.pause();
  loading = true;
  try {
    const saved = useAppStore.getState().savedWorkflows.find((w) => w.id === doc.id);
    useAppStore.setState({
      layoutDirection: doc.layout?.direction ?? saved?.layoutDirection ?? 'TD',
    });
    useAppStore.getState().commit(doc, { select: [], load: true });
  } finally {
    loading = false;
  }
  temporal.resume();
  temporal.clear();
  useAppStore.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
  remember(doc.id);
}

/** Ids deleted in this session: a late autosave must not bring them back. */
const deletedIds = new Set<string>();

/** Saves a document now (also bringing back one deleted earlier, as Undo does). */
export async function saveNow(doc: WorkflowDocument): Promise<void> {
  deletedIds.delete(doc.id);
  await repository.save(doc);
  await refreshWorkflowList();
}

/**
 * Lays the open workflow out in `direction` from now on, saved with it (beside its document; an
 * exported file or a share link writes it as the document's `layout`): after a reload or a
 * reopen its tasks keep their handles on the sides its layout uses.
 */
export async function setLayoutDirection(direction: LayoutDirection): Promise<void> {
  const state = useAppStore.getState();
  state.setLayoutDirection(direction);
  const doc = state.document;
  if (!shouldAutosave(doc)) return;
  await repository.save(doc, { layoutDirection: direction });
  await refreshWorkflowList();
}

/** Whether an autosave of `doc` should go ahead: not when its workflow was deleted meanwhile. */
export function shouldAutosave(doc: WorkflowDocument): boolean {
  return !deletedIds.has(doc.id);
}

/** Opens a saved workflow; an edit of the open one still waiting for its autosave is written first. */
export async function openWorkflow(id: string): Promise<void> {
  await flushPendingSave();
  const doc = await repository.get(id);
  if (doc) showDocument(doc);
}

/** Where an added workflow came from (see {@link addAndOpen}). */
export interface AddedFrom {
  /** A file or a link: network off, reviewed before it runs. */
  source?: Exclude<WorkflowSource, 'local'>;
  /** Copy the trust of this workflow (a duplicate). */
  trustOf?: string;
  /** What it is a copy of (an example, a link), to offer this copy when it is opened again. */
  origin?: string;
  /** The direction it is laid out in (a duplicate keeps the original's). */
  layoutDirection?: LayoutDirection;
}

/**
 * Saves a copy of `doc` under a new id and opens it; the open workflow is left as it is.
 */
export function addAndOpen(doc: WorkflowDocument, from: AddedFrom = {}): Promise<WorkflowDocument> {
  return addWorkflow({ ...doc, id: newWorkflowId() }, from);
}

/** Saves a document that has a new id ({@link newWorkflowId}) and opens it. */
export async function addWorkflow(
  added: WorkflowDocument,
  from: AddedFrom = {},
): Promise<WorkflowDocument> {
  // A file's or a link's direction (its `layout`) is saved with the workflow, as the button's is.
  const { document: doc, direction } = takeLayout(added);
  const layoutDirection = direction ?? from.layoutDirection;
  // Recorded before the workflow can be seen, so it can never run as a local one.
  if (from.source) markAdded(doc.id, from.source);
  else if (from.trustOf) copyTrust(from.trustOf, doc.id);
  await repository.save(doc, {
    ...(from.origin === undefined ? {} : { origin: from.origin }),
    ...(layoutDirection === undefined ? {} : { layoutDirection }),
  });
  await refreshWorkflowList();
  showDocument(doc);
  return doc;
}

export async function createWorkflow(): Promise<void> {
  const taken = new Set(useAppStore.getState().savedWorkflows.map((w) => w.name));
  let name = 'Untitled workflow';
  for (let i = 2; taken.has(name); i++) name = `Untitled workflow ${i}`;
  await addAndOpen({ format: 'flowweaver.workflow', version: 2, id: '', name, tasks: [] });
}

export async function renameWorkflow(id: string, name: string): Promise<void> {
  const open = useAppStore.getState().document;
  if (open.id === id) {
    if (open.name !== name) useAppStore.getState().commit({ ...open, name });
    await saveNow({ ...useAppStore.getState().document });
    return;
  }
  const doc = await repository.get(id);
  if (doc) await saveNow({ ...doc, name });
}

export async function duplicateWorkflow(id: string): Promise<void> {
  const doc = await repository.get(id);
  const layoutDirection = useAppStore
    .getState()
    .savedWorkflows.find((w) => w.id === id)?.layoutDirection;
  if (doc)
    await addAndOpen(
      { ...doc, name: `${doc.name} (copy)` },
      { trustOf: id, ...(layoutDirection ? { layoutDirection } : {}) },
    );
}

/**
 * Moves a workflow to Recently deleted. When it is the open one, `reopen` opens instead (or the
 * most recently saved workflow, or a new one). The delete is recorded in the workflow undo history
 * (kept across reloads; not when `record` is false, as when it undoes an import). The toast says
 * so (`message`) and offers Undo, which restores it and, if it was open, opens it again.
 */
export async function deleteWorkflow(
  id: string,
  options: { reopen?: string; message?: (name: string) => string; record?: boolean } = {},
): Promise<void> {
  const open = useAppStore.getState().document;
  const wasOpen = open.id === id;
  // What is deleted is what the user saw: edits waiting for the autosave are saved first.
  if (wasOpen) await repository.save(open);
  deletedIds.add(id);
  const deleted = await repository.trash(id);
  await refreshWorkflowList();
  if (!deleted) return;
  const action =
    options.record === false
      ? undefined
      : recordAction({ kind: 'delete', id, name: deleted.name, wasOpen });
  if (useAppStore.getState().document.id === id) {
    const saved = useAppStore.getState().savedWorkflows;
    const next = saved.find((w) => w.id === options.reopen) ?? saved[0];
    if (next) await openWorkflow(next.id);
    else await createWorkflow();
  }
  useAppStore.getState().showToast({
    kind: 'info',
    message:
      options.message?.(deleted.name) ??
      `Deleted "${deleted.name}". It stays in Recently deleted (Workflows) for 30 days.`,
    action: {
      label: 'Undo',
      run: () =>
        void (action ? undoWorkflowAction(action.key) : restoreWorkflow(id, { open: wasOpen })),
    },
  });
}

/**
 * Brings a workflow back from Recently deleted, with its trust record (where it came from, its
 * network access and approval), and opens it when `open`. If a saved workflow has taken its id
 * meanwhile (another tab), it comes back beside it under a new id. Its recorded deletes have
 * nothing left to undo. Returns it, or `undefined` when it is not in Recently deleted.
 */
export async function restoreWorkflow(
  id: string,
  options: { open?: boolean; message?: (name: string) => string } = {},
): Promise<WorkflowDocument | undefined> {
  const asId = (await repository.get(id)) === undefined ? undefined : newWorkflowId();
  if (asId) copyTrust(id, asId);
  const doc = await repository.restore(id, asId);
  if (asId === undefined) deletedIds.delete(id);
  await refreshWorkflowList();
  if (!doc) return undefined;
  forgetDeletesOf(id);
  if (options.open) showDocument(doc);
  useAppStore.getState().showToast({
    kind: 'info',
    message: options.message?.(doc.name) ?? `Restored "${doc.name}".`,
  });
  return doc;
}

/**
 * Undoes a recorded delete or import (`key`'s, else the newest one), from this page or before a
 * reload: the toasts' Undo, and Ctrl+Z when the canvas has nothing of its own to undo. An undone
 * import goes to Recently deleted; an undone delete comes back from it, or the toast says why it
 * cannot (emptied from Recently deleted). Resolves `false` when there was nothing to undo.
 */
export async function undoWorkflowAction(key?: string): Promise<boolean> {
  const action = takeAction(key);
  if (!action) return false;
  const say = (kind: 'info' | 'error', message: string) =>
    useAppStore.getState().showToast({ kind, message });
  if (action.kind === 'delete') {
    const inTrash = (await repository.listDeleted()).some((w) => w.id === action.id);
    if (inTrash)
      await restoreWorkflow(action.id, {
        open: action.wasOpen,
        message: (name) => `Undid the delete of "${name}": it is back in your workflows.`,
      });
    else if (await repository.get(action.id))
      say('info', `Nothing to undo: "${action.name}" is already back in your workflows.`);
    else
      say(
        'error',
        `Cannot undo the delete of "${action.name}": it is no longer in Recently deleted (it was deleted forever), so it cannot be brought back.`,
      );
    return true;
  }
  if (await repository.get(action.id))
    await deleteWorkflow(action.id, {
      reopen: action.previous,
      record: false,
      message: (name) => `Undid the import of "${name}": it is in Recently deleted.`,
    });
  else
    say(
      'info',
      `Nothing to undo: the imported "${action.name}" is no longer in your workflows (see Recently deleted).`,
    );
  return true;
}

/** Deletes workflows in Recently deleted for good (all of them when `ids` is omitted). */
export async function deleteForever(ids?: readonly string[]): Promise<void> {
  const gone = ids ?? (await repository.listDeleted()).map((w) => w.id);
  await repository.purgeDeleted(ids);
  forgetTrust(gone);
  await refreshWorkflowList();
}

/** Deletes for good what Recently deleted no longer keeps (older than 30 days, beyond the last 50). */
export async function expireRecentlyDeleted(now = Date.now()): Promise<void> {
  forgetTrust(await repository.expireDeleted(now));
}
