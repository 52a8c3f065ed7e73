import { useEffect } from 'react';
import type { WorkflowDocument } from '../../engine/index.ts';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { EXAMPLES } from '../examples/index.ts';
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
import { stashPendingSave, takePendingSave } from './pendingSave.ts';

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
    for (const example of EXAMPLES) await repo.save(example.document);
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

/** Boots storage (seeding examples on first start) and autosaves every document change. */
export function useWorkflowPersistence(): void {
  useEffect(() => {
    void bootOnce();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: (() => void) | undefined;
    let pendingDoc: WorkflowDocument | undefined;
    const unsubscribe = useAppStore.subscribe((state, prev) => {
      if (!state.booted || state.document === prev.document) return;
      const doc = state.document;
      // The user's own edit (undo and redo too) of an approved workflow keeps it approved.
      if (!isLoadingDocument()) keepApprovalAfterEdit(prev.document, doc);
      clearTimeout(timer);
      pendingDoc = doc;
      pending = () => {
        pending = undefined;
        pendingDoc = undefined;
        if (!shouldAutosave(doc)) return;
        void saveNow(doc).catch((error: unknown) =>
          useAppStore
            .getState()
            .showToast({ kind: 'error', message: `Not saved: ${String(error)}` }),
        );
      };
      timer = setTimeout(() => pending?.(), AUTOSAVE_MS);
    });
    const flush = () => {
      clearTimeout(timer);
      if (pendingDoc && shouldAutosave(pendingDoc)) stashPendingSave(pendingDoc);
      pending?.();
    };
    window.addEventListener('pagehide', flush);
    return () => {
      unsubscribe();
      flush();
      window.removeEventListener('pagehide', flush);
    };
  }, []);
}
