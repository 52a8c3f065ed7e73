import { describe, expect, it, vi } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { MemoryWorkflowRepository } from './workflowRepository.ts';
import { markAdded, trustOf } from '../trust/trustRecords.ts';
import {
  addAndOpen,
  deleteForever,
  deleteWorkflow,
  duplicateWorkflow,
  expireRecentlyDeleted,
  getRepository,
  restoreWorkflow,
  saveNow,
  setRepository,
  shouldAutosave,
  undoWorkflowAction,
} from './workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { takeAction } from './workflowUndoStack.ts';

const doc = (id: string, name: string): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id,
  name,
  tasks: [{ name: 'a', code: 'return 1', dependsOn: [] }],
});

/** Lets the commands a toast's action started finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('workflow commands', () => {
  it('a deleted workflow is not brought back by a late autosave, but Undo restores it', async () => {
    setRepository(new MemoryWorkflowRepository());
    await saveNow(doc('wf-1', 'First'));
    await duplicateWorkflow('wf-1');
    const copy = useAppStore.getState().document;
    expect(copy.name).toBe('First (copy)');
    expect(shouldAutosave(copy)).toBe(true);

    await deleteWorkflow(copy.id);
    expect(shouldAutosave(copy)).toBe(false);
    expect((await getRepository().list()).map((w) => w.name)).toEqual(['First']);
    expect(useAppStore.getState().document.id).toBe('wf-1');

    expect(useAppStore.getState().deletedWorkflows.map((w) => w.name)).toEqual(['First (copy)']);

    const toast = useAppStore.getState().toasts.at(-1);
    expect(toast?.message).toBe(
      'Deleted "First (copy)". It stays in Recently deleted (Workflows) for 30 days.',
    );
    toast?.action?.run();
    await settle();
    expect(shouldAutosave(copy)).toBe(true);
    expect((await getRepository().list()).map((w) => w.name).sort()).toEqual([
      'First',
      'First (copy)',
    ]);
    expect(useAppStore.getState().deletedWorkflows).toEqual([]);
    // It was open when deleted: Undo opens it again.
    expect(useAppStore.getState().document).toEqual(copy);
  });

  it('a workflow deleted and restored keeps its trust; deleted forever, its trust goes', async () => {
    setRepository(new MemoryWorkflowRepository());
    const added = await addAndOpen(doc('', 'From a file'), { source: 'import' });
    await saveNow(doc('wf-other', 'Other'));
    await deleteWorkflow(added.id, { reopen: 'wf-other' });
    expect(useAppStore.getState().document.id).toBe('wf-other');
    expect(trustOf(added.id).source).toBe('import');

    await restoreWorkflow(added.id);
    expect(await getRepository().get(added.id)).toEqual(added);
    expect(trustOf(added.id)).toEqual({ source: 'import', network: { mode: 'off' } });
    // Restored from the dialog: the open workflow stays open.
    expect(useAppStore.getState().document.id).toBe('wf-other');

    await deleteWorkflow(added.id);
    await deleteForever([added.id]);
    expect(await getRepository().listDeleted()).toEqual([]);
    expect(trustOf(added.id).source).toBe('local');
    await restoreWorkflow(added.id); // nothing left to restore
    expect(await getRepository().get(added.id)).toBeUndefined();
  });

  it('undoes the last delete; one deleted forever cannot be, and the toast says so', async () => {
    setRepository(new MemoryWorkflowRepository());
    while (takeAction()); // what the tests before recorded
    await saveNow(doc('wf-a', 'A'));
    await saveNow(doc('wf-b', 'B'));
    await deleteWorkflow('wf-a');
    await deleteWorkflow('wf-b');
    await deleteForever(['wf-b']);
    expect(await undoWorkflowAction()).toBe(true);
    expect(useAppStore.getState().toasts.at(-1)).toMatchObject({
      kind: 'error',
      message:
        'Cannot undo the delete of "B": it is no longer in Recently deleted (it was deleted forever), so it cannot be brought back.',
    });
    expect(await undoWorkflowAction()).toBe(true);
    expect((await getRepository().get('wf-a'))?.name).toBe('A');
    expect(useAppStore.getState().toasts.at(-1)?.message).toBe(
      'Undid the delete of "A": it is back in your workflows.',
    );
    expect(await undoWorkflowAction()).toBe(false);
  });

  it('a restore never replaces a saved workflow that took the id meanwhile', async () => {
    const repo = new MemoryWorkflowRepository();
    setRepository(repo);
    const added = await addAndOpen(doc('', 'Deleted one'), { source: 'link' });
    await deleteWorkflow(added.id);
    // Another tab saved a workflow with the same id.
    await repo.save({ ...doc(added.id, 'Saved again') });
    await restoreWorkflow(added.id);
    const names = (await repo.list()).map((w) => w.name).sort();
    expect(names).toEqual(['Deleted one', 'Saved again', 'Untitled workflow'].sort());
    const restored = (await repo.list()).find((w) => w.name === 'Deleted one')!;
    expect(restored.id).not.toBe(added.id);
    expect(trustOf(restored.id).source).toBe('link');
  });

  it('Recently deleted keeps 30 days or the last 50; Empty deletes every one for good', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const repo = new MemoryWorkflowRepository();
    setRepository(repo);
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now');
    for (let i = 0; i < 52; i++) {
      spy.mockReturnValue(now - (40 + i) * DAY);
      await repo.save(doc(`wf-${i}`, `Old ${i}`));
      await repo.trash(`wf-${i}`);
    }
    spy.mockRestore();
    await repo.save(doc('wf-recent', 'Recent'));
    await repo.trash('wf-recent');
    await expireRecentlyDeleted();
    // The recent one and the 49 most recent old ones stay: 50 in all.
    const kept = await repo.listDeleted();
    expect(kept).toHaveLength(50);
    expect(kept[0]?.name).toBe('Recent');
    expect(kept.some((w) => w.name === 'Old 49' || w.name === 'Old 50')).toBe(false);

    await deleteForever();
    expect(await repo.listDeleted()).toEqual([]);
    expect(useAppStore.getState().deletedWorkflows).toEqual([]);
  });

  it('a workflow added from a link is marked before it opens; a duplicate keeps where it came from', async () => {
    setRepository(new MemoryWorkflowRepository());
    const added = await addAndOpen(doc('', 'Shared'), { source: 'link' });
    expect(trustOf(added.id)).toEqual({ source: 'link', network: { mode: 'off' } });

    markAdded('wf-imported', 'import');
    await saveNow(doc('wf-imported', 'Imported'));
    await duplicateWorkflow('wf-imported');
    const copy = useAppStore.getState().document;
    expect(copy.id).not.toBe('wf-imported');
    expect(trustOf(copy.id).source).toBe('import');

    // A copy of a workflow made here stays local.
    await saveNow(doc('wf-local', 'Local'));
    await duplicateWorkflow('wf-local');
    expect(trustOf(useAppStore.getState().document.id).source).toBe('local');
  });
});
