import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { useAppStore } from './appStore.ts';

const repeated = (n: number): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id: 'saved-with-repeats',
  name: 'Saved with repeats',
  tasks: [
    { name: 'a', code: 'return 1;', dependsOn: [] },
    { name: 'b', code: 'return a;', dependsOn: Array<string>(n).fill('a') },
  ],
});

afterEach(() => {
  useAppStore.getState().commit(etlPipeline, { load: true });
  useAppStore.setState({ toasts: [] });
});

describe('opening a workflow saved with repeated dependencies', () => {
  it('merges them, draws one edge and says so', () => {
    useAppStore.getState().commit(repeated(100_000), { load: true });
    const { document, edges, toasts } = useAppStore.getState();
    expect(document.tasks[1]!.dependsOn).toEqual(['a']);
    expect(edges).toHaveLength(1);
    expect(toasts.map((t) => t.message)).toEqual([
      'Opened "Saved with repeats" with each upstream task listed once: 99,999 repeated dependencies were merged.',
    ]);
  });

  it('says one when one was merged', () => {
    useAppStore.getState().commit(repeated(2), { load: true });
    expect(useAppStore.getState().toasts.map((t) => t.message)).toEqual([
      'Opened "Saved with repeats" with each upstream task listed once: 1 repeated dependency was merged.',
    ]);
  });

  it('opens a workflow without repeats as it is, without a note', () => {
    const doc = repeated(1);
    useAppStore.getState().commit(doc, { load: true });
    expect(useAppStore.getState().document).toBe(doc);
    expect(useAppStore.getState().toasts).toEqual([]);
  });
});
