import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { MemoryWorkflowRepository } from './workflowRepository.ts';
import {
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
});
