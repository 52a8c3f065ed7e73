import { describe, expect, it } from 'vitest';
import type { TaskRunState, WorkflowDocument } from '../../engine/index.ts';
import { downstreamOf, planPartialRun, retryDocument } from './runPlan.ts';

// a → b → d, a → c → d, e independent
const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'wf',
  name: 'wf',
  tasks: [
    { name: 'a', code: 'return 1', dependsOn: [] },
    { name: 'b', code: 'return a + 1', dependsOn: ['a'] },
    { name: 'c', code: 'return a + 2', dependsOn: ['a'] },
    { name: 'd', code: 'return b + c', dependsOn: ['b', 'c'] },
    { name: 'e', code: 'return 5', dependsOn: [] },
  ],
};

const done = (name: string, result: unknown): TaskRunState => ({
  name,
  status: 'completed',
  result,
  attempts: 1,
  attemptHistory: [],
});
const failed = (name: string): TaskRunState => ({
  name,
  status: 'failed',
  attempts: 1,
  attemptHistory: [],
});

describe('downstreamOf', () => {
  it('is the task and everything that depends on it', () => {
    expect([...downstreamOf(doc, 'b')].sort()).toEqual(['b', 'd']);
    expect([...downstreamOf(doc, 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('planPartialRun', () => {
  const shown = { a: done('a', 1), b: done('b', 2), c: failed('c'), e: done('e', 5) };

  it('runs the task and its downstream, seeding the completed rest', () => {
    const plan = planPartialRun(doc, { ...shown, c: done('c', 3) }, 'b', 'from-here');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.rerun).toEqual(['b', 'd']);
    expect(plan.seeds.map((s) => s.name)).toEqual(['a', 'c', 'e']);
    const byName = new Map(plan.document.tasks.map((t) => [t.name, t]));
    expect(byName.get('b')!.dependsOn).toEqual(['a']);
    expect(byName.get('d')!.dependsOn).toEqual(['b', 'c']);
    expect(byName.get('c')!.dependsOn).toEqual([]);
  });

  it('names an input that was never produced and plans nothing', () => {
    const plan = planPartialRun(doc, shown, 'd', 'this-task');
    expect(plan).toEqual({ ok: false, message: expect.stringContaining('"c"') as string });
  });

  it('runs only the selected task on its upstream results', () => {
    const plan = planPartialRun(doc, shown, 'b', 'this-task');
    expect(plan.ok && plan.rerun).toEqual(['b']);
    expect(plan.ok && plan.document.tasks.map((t) => t.name)).toEqual(['a', 'b', 'e']);
  });

  it('refuses when nothing ran yet', () => {
    const plan = planPartialRun(doc, {}, 'b', 'this-task');
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.message).toContain('"a"');
  });
});

describe('retryDocument', () => {
  it('takes the current code of the tasks the run had', () => {
    const ran = { ...doc, tasks: doc.tasks.filter((t) => t.name !== 'e') };
    const current = {
      ...doc,
      tasks: doc.tasks.map((t) => (t.name === 'c' ? { ...t, code: 'return 3' } : t)),
    };
    const retry = retryDocument(current, ran);
    expect(retry.tasks.map((t) => t.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(retry.tasks.find((t) => t.name === 'c')!.code).toBe('return 3');
  });
});
