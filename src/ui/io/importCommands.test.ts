import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { MemoryWorkflowRepository } from '../persistence/workflowRepository.ts';
import { saveNow, setRepository, showDocument } from '../persistence/workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { trustOf } from '../trust/trustRecords.ts';
import { importFile } from './importCommands.ts';

const doc = (id: string, name: string, tasks = 1): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id,
  name,
  tasks: Array.from({ length: tasks }, (_, i) => ({
    name: `t${i}`,
    code: 'return 1',
    dependsOn: [],
  })),
});

const fileOf = (value: unknown) => new File([JSON.stringify(value)], 'w.flowweaver.json');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fresh repository holding `open`, shown on the canvas. */
async function openOnly(open: WorkflowDocument): Promise<MemoryWorkflowRepository> {
  const repo = new MemoryWorkflowRepository();
  setRepository(repo);
  await saveNow(open);
  showDocument(open);
  return repo;
}

describe('importFile', () => {
  it('adds a new workflow marked as from a file and opens it; the open one is untouched', async () => {
    const open = doc('wf-open', 'Mine', 3);
    const repo = await openOnly(open);
    await importFile(fileOf(doc('wf-file', 'From a file', 2)));

    const opened = useAppStore.getState().document;
    expect(opened.name).toBe('From a file');
    expect(opened.id).not.toBe('wf-open');
    expect(opened.id).not.toBe('wf-file');
    expect(await repo.get('wf-open')).toEqual(open);
    expect(await repo.get(opened.id)).toEqual(opened);
    expect(trustOf(opened.id)).toEqual({ source: 'import', network: { mode: 'off' } });
    expect(trustOf('wf-open').source).toBe('local');
    expect(useAppStore.getState().toasts.at(-1)?.message).toBe(
      'Imported as a new workflow. Undo removes it.',
    );
  });

  it('keeps both when the file has the id of a saved workflow, and says so', async () => {
    const repo = await openOnly(doc('wf-open', 'Mine'));
    await importFile(fileOf(doc('wf-open', 'Exported copy of mine', 2)));
    const opened = useAppStore.getState().document;
    expect(opened.id).not.toBe('wf-open');
    expect((await repo.get('wf-open'))?.name).toBe('Mine');
    expect(useAppStore.getState().toasts.at(-1)?.message).toBe(
      'Imported as a new workflow. Undo removes it. It has the id of your saved workflow "Mine", which is kept too.',
    );
  });

  it('Undo moves the import to Recently deleted and reopens the workflow that was open', async () => {
    const open = doc('wf-open', 'Mine');
    const repo = await openOnly(open);
    await saveNow(doc('wf-newer', 'Saved later'));
    await importFile(fileOf(doc('wf-file', 'From a file')));
    const imported = useAppStore.getState().document;
    useAppStore.getState().toasts.at(-1)?.action?.run();
    await settle();
    expect(useAppStore.getState().document).toEqual(open);
    expect((await repo.list()).map((w) => w.id).sort()).toEqual(['wf-newer', 'wf-open']);
    expect((await repo.listDeleted()).map((w) => w.id)).toEqual([imported.id]);
    expect(useAppStore.getState().toasts.at(-1)?.message).toBe(
      'Undid the import of "From a file": it is in Recently deleted.',
    );
  });

  it('a malformed file changes nothing', async () => {
    const repo = await openOnly(doc('wf-open', 'Mine'));
    await importFile(new File(['{"format": "flowweaver.workflow"'], 'bad.json'));
    expect(useAppStore.getState().document.id).toBe('wf-open');
    expect(await repo.list()).toHaveLength(1);
    expect(useAppStore.getState().importProblems?.file).toBe('bad.json');
  });
});
