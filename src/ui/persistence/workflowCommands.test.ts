import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { MemoryWorkflowRepository } from './workflowRepository.ts';
import { markAdded, trustOf } from '../trust/trustRecords.ts';
import {
  addAndOpen,
  deleteWorkflow,
  duplicateWorkflow,
  getRepository,
  saveNow,
  setRepository,
  shouldAutosave,
} from './workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';

const doc = (id: string, name: string): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 1,
  id,
  name,
  tasks: [{ name: 'a', code: 'return 1', dependsOn: [] }],
});

describe('workflow commands', () => {
  it('a deleted workflow is not brought back by a late autosave, but Undo brings it back', async () => {
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

    const toast = useAppStore.getState().toasts.at(-1);
    expect(toast?.message).toBe('Deleted "First (copy)"');
    toast?.action?.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(shouldAutosave(copy)).toBe(true);
    expect((await getRepository().list()).map((w) => w.name).sort()).toEqual([
      'First',
      'First (copy)',
    ]);
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
