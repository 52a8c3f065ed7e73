import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { addAndOpen, setRepository, showDocument } from '../persistence/workflowCommands.ts';
import { MemoryWorkflowRepository } from '../persistence/workflowRepository.ts';
import { useAppStore } from '../store/appStore.ts';
import {
  copyOnce,
  dismissCopyPrompt,
  exampleOrigin,
  linkOrigin,
  makeAnotherCopy,
  openPromptedCopy,
} from './copies.ts';

const example: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'example-x',
  name: 'Example X',
  tasks: [{ name: 'a', code: 'return 1', dependsOn: [] }],
};
const other: WorkflowDocument = { ...example, id: 'other', name: 'Other' };

const origin = exampleOrigin(example.id);
const copyIt = () => addAndOpen(example, { origin });
const copiesOf = async (repo: MemoryWorkflowRepository) =>
  (await repo.list()).filter((w) => w.origin === origin).map((w) => w.id);

describe('copies of examples and links', () => {
  it('copies once, then offers the copy made (or another one)', async () => {
    const repo = new MemoryWorkflowRepository();
    setRepository(repo);
    await copyOnce(origin, example.name, copyIt);
    const [first] = await copiesOf(repo);
    expect(useAppStore.getState().copyPrompt).toBeNull();
    showDocument(other);

    await copyOnce(origin, example.name, copyIt);
    expect(useAppStore.getState().copyPrompt?.copy.id).toBe(first);
    await openPromptedCopy();
    expect(useAppStore.getState().copyPrompt).toBeNull();
    expect(useAppStore.getState().document.id).toBe(first);
    expect(await copiesOf(repo)).toEqual([first]);

    await copyOnce(origin, example.name, copyIt);
    dismissCopyPrompt();
    expect(await copiesOf(repo)).toEqual([first]);

    await copyOnce(origin, example.name, copyIt);
    makeAnotherCopy();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await copiesOf(repo)).toHaveLength(2);
    expect(useAppStore.getState().document.id).not.toBe(first);
  });

  it('a deleted copy is not offered', async () => {
    const repo = new MemoryWorkflowRepository();
    setRepository(repo);
    const copy = await copyIt();
    await repo.trash(copy.id);
    await copyOnce(origin, example.name, copyIt);
    expect(useAppStore.getState().copyPrompt).toBeNull();
    expect(await copiesOf(repo)).toHaveLength(1);
  });

  it('a link is known by the workflow it holds', () => {
    expect(linkOrigin(example)).toBe(linkOrigin(structuredClone(example)));
    expect(linkOrigin(example)).toMatch(/^link:[0-9a-f]{64}$/);
    expect(linkOrigin({ ...example, tasks: [] })).not.toBe(linkOrigin(example));
  });
});
