// Opening, creating, renaming, duplicating and deleting saved workflows.
import type { WorkflowDocument } from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';
import { copyTrust, markAdded, type WorkflowSource } from '../trust/trustRecords.ts';
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

/** Re-reads the list of saved workflows into the store. */
export async function refreshWorkflowList(): Promise<void> {
  useAppStore.setState({ savedWorkflows: await repository.list() });
}

let loading = false;

/** Whether the document change under way opens a workflow (not an edit of the open one). */
export function isLoadingDocument(): boolean {
  return loading;
}

/** Puts a document on the canvas as a fresh editing session (history starts empty). */
export function showDocument(doc: WorkflowDocument): void {
  const temporal = useAppStore.temporal.getState();
  temporal.pause();
  loading = true;
  try {
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

/** Whether an autosave of `doc` should go ahead: not when its workflow was deleted meanwhile. */
export function shouldAutosave(doc: WorkflowDocument): boolean {
  return !deletedIds.has(doc.id);
}

export async function openWorkflow(id: string): Promise<void> {
  const doc = await repository.get(id);
  if (doc) showDocument(doc);
}

/**
 * Saves a copy of `doc` under a new id and opens it. `source` says where it came from (a file or a
 * link: network off, reviewed before it runs); `trustOf` copies the trust of another workflow.
 */
export async function addAndOpen(
  doc: WorkflowDocument,
  from: { source?: Exclude<WorkflowSource, 'local'>; trustOf?: string } = {},
): Promise<WorkflowDocument> {
  const copy = { ...doc, id: newWorkflowId() };
  // Recorded before the workflow can be seen, so it can never run as a local one.
  if (from.source) markAdded(copy.id, from.source);
  else if (from.trustOf) copyTrust(from.trustOf, copy.id);
  await saveNow(copy);
  showDocument(copy);
  return copy;
}

export async function createWorkflow(): Promise<void> {
  const taken = new Set(useAppStore.getState().savedWorkflows.map((w) => w.name));
  let name = 'Untitled workflow';
  for (let i = 2; taken.has(name); i++) name = `Untitled workflow ${i}`;
  await addAndOpen({ format: 'flowweaver.workflow', version: 1, id: '', name, tasks: [] });
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
  if (doc) await addAndOpen({ ...doc, name: `${doc.name} (copy)` }, { trustOf: id });
}

/** Deletes a workflow; the toast offers Undo, which saves it back. */
export async function deleteWorkflow(id: string): Promise<void> {
  const doc = await repository.get(id);
  if (!doc) return;
  deletedIds.add(id);
  await repository.remove(id);
  await refreshWorkflowList();
  if (useAppStore.getState().document.id === id) {
    const next = useAppStore.getState().savedWorkflows[0];
    if (next) await openWorkflow(next.id);
    else await createWorkflow();
  }
  useAppStore.getState().showToast({
    kind: 'info',
    message: `Deleted "${doc.name}"`,
    action: { label: 'Undo', run: () => void saveNow(doc) },
  });
}
