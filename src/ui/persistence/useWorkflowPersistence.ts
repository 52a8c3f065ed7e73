import { useEffect } from 'react';
import type { WorkflowDocument } from '../../engine/index.ts';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { SEED_EXAMPLES } from '../examples/index.ts';
import { useAppStore } from '../store/appStore.ts';
import { openShareLinkFromLocation } from '../share/shareCommands.ts';
import { keepApprovalAfterEdit } from '../trust/runReview.ts';
import {
  expireRecentlyDeleted,
  isLoadingDocument,
  LAST_OPENED_KEY,
  openWorkflow,
  refreshWorkflowList,
  saveNow,
  setRepository,
  shouldAutosave,
} from './workflowCommands.ts';
import { openRepository } from './workflowRepository.ts';
import { flushPendingSave, pendingDocument, scheduleSave } from './autosave.ts';
import { clearStashedSave, stashPendingSave, takePendingSave } from './pendingSave.ts';

const AUTOSAVE_MS = 300;
const SEEDED_KEY = 'flowweaver.seeded';

function readLocal(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

let booting: Promise<void> | null = null;

/** Runs once per page, even under StrictMode's double effects. */
function bootOnce(): Promise<void> {
  booting ??= boot();
  return booting;
}

async function boot(): Promise<void> {
  const repo = await openRepository();
  setRepository(repo);
  useAppStore.setState({ storage: repo.persistent ? 'ready' : 'unavailable' });
  const stashed = takePendingSave();
  if (stashed) await repo.save(stashed);
  let list = await repo.list();
  if (list.length === 0 && readLocal(SEEDED_KEY) === null) {
    for (const example of SEED_EXAMPLES) await repo.save(example.document);
    try {
      localStorage.setItem(SEEDED_KEY, '1');
    } catch {
      // Seeding again next time is harmless.
    }
    list = await repo.list();
  }
  // Recently deleted keeps 30 days or the last 50; older ones go at start. Never stops the boot.
  await expireRecentlyDeleted().catch(() => undefined);
  await refreshWorkflowList();
  const last = readLocal(LAST_OPENED_KEY);
  const target =
    list.find((w) => w.id === last) ?? list.find((w) => w.id === etlPipeline.id) ?? list[0];
  if (target) await openWorkflow(target.id);
  else await saveNow(useAppStore.getState().document);
  useAppStore.setState({ booted: true });
  document.documentElement.dataset.booted = 'true';
  await openShareLinkFromLocation();
  // A share link opened in this tab again (pasted into the address bar) changes only the hash.
  window.addEventListener('hashchange', () => void openShareLinkFromLocation());
}

/** Writes an autosave unless its workflow was deleted meanwhile; a failure is shown, not thrown. */
async function autosave(doc: WorkflowDocument): Promise<void> {
  if (!shouldAutosave(doc)) return;
  try {
    await saveNow(doc);
    clearStashedSave(doc);
  } catch (error) {
    useAppStore.getState().showToast({ kind: 'error', message: `Not saved: ${String(error)}` });
  }
}

/**
 * The page is going away or out of sight (where a mobile browser may discard it unannounced): the
 * pending edit goes to localStorage at once, in case the IndexedDB write never finishes.
 */
function saveBeforeLeaving(): void {
  const doc = pendingDocument();
  if (doc && shouldAutosave(doc)) stashPendingSave(doc);
  void flushPendingSave();
}

function onVisibilityChange(): void {
  if (document.visibilityState === 'hidden') saveBeforeLeaving();
}

/**
 * Boots storage (seeding examples on first start) and autosaves every document change. An edit
 * waiting for the autosave is written before another workflow replaces it (see autosave.ts) and
 * when the page is hidden or unloaded.
 */
export function useWorkflowPersistence(): void {
  useEffect(() => {
    void bootOnce();
    const unsubscribe = useAppStore.subscribe((state, prev) => {
      if (!state.booted || state.document === prev.document) return;
      const doc = state.document;
      // The user's own edit (undo and redo too) of an approved workflow keeps it approved.
      if (!isLoadingDocument()) keepApprovalAfterEdit(prev.document, doc);
      scheduleSave(doc, autosave, AUTOSAVE_MS);
    });
    window.addEventListener('pagehide', saveBeforeLeaving);
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      unsubscribe();
      saveBeforeLeaving();
      window.removeEventListener('pagehide', saveBeforeLeaving);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, []);
}
