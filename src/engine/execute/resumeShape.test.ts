// Resuming refuses a stored run recorded for a different workflow (the id defaults to the name, so
// another workflow with the same name finds the first one's runs), unless forced.
import { describe, expect, it, vi } from 'vitest';
import { FlowWeaverError } from '../model/errors.ts';
import type { WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';

type Spec = [name: string, code: string, dependsOn?: string[]];

/** A workflow named "etl" (so its id is "etl") from `[name, code, dependsOn]` triples. */
function etl(tasks: Spec[]): Workflow {
  const doc: WorkflowDocument = {
    format: 'flowweaver.workflow',
    version: 2,
    id: 'etl',
    name: 'etl',
    tasks: tasks.map(([name, code, dependsOn = []]) => ({ name, code, dependsOn })),
  };
  return Workflow.fromDocument(doc);
}

const FIRST: Spec[] = [
  ['extract', 'return 1;'],
  ['load', 'throw new Error("db down");', ['extract']],
];

async function runOnce(store: MemoryStateStore, tasks: Spec[]) {
  const wf = etl(tasks);
  await new SequentialExecutor({ store }).execute(wf, { runId: 'default' }).catch(() => undefined);
  return wf;
}

async function resume(store: MemoryStateStore, tasks: Spec[], force = false) {
  const warnings: string[] = [];
  const outcome = await new SequentialExecutor({ store })
    .execute(etl(tasks), {
      runId: 'default',
      onWarning: (m) => warnings.push(m),
      ...(force ? { forceResume: true } : {}),
    })
    .then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error }),
    );
  return { ...outcome, warnings };
}

describe('resuming a run recorded for another workflow', () => {
  it('refuses another workflow with the same name, naming what differs, and runs nothing', async () => {
    const store = new MemoryStateStore();
    await runOnce(store, FIRST);
    const before = await store.loadRun('etl', 'default');
    const { error } = await resume(store, [
      ['fetch', 'return "other";'],
      ['load', 'return 2;', ['fetch']],
    ]);
    expect(error).toBeInstanceOf(FlowWeaverError);
    expect((error as FlowWeaverError).code).toBe('E_RESUME_MISMATCH');
    expect((error as Error).message).toBe(
      'Run "default" in the store was recorded for a different workflow than "etl" (id "etl"): ' +
        'tasks only in the stored run: "extract"; tasks only in this workflow: "fetch"; other ' +
        'dependencies: "load". Resuming would restore results that do not belong to it. Use ' +
        'another run id (or another state file), give the workflow its own id, or force the ' +
        'resume (forceResume; the CLI: --force).',
    );
    // The stored run is left as it was.
    expect(await store.loadRun('etl', 'default')).toEqual(before);
  });

  it('refuses when a completed task has other code (its restored result would be stale)', async () => {
    const store = new MemoryStateStore();
    await runOnce(store, FIRST);
    const { error } = await resume(store, [
      ['extract', 'return 100;'],
      ['load', 'return extract;', ['extract']],
    ]);
    expect((error as FlowWeaverError).code).toBe('E_RESUME_MISMATCH');
    expect((error as Error).message).toContain('other code in completed tasks: "extract"');
  });

  it('resumes after the failed task was fixed: its code may change', async () => {
    const store = new MemoryStateStore();
    await runOnce(store, FIRST);
    const { result, error, warnings } = await resume(store, [
      ['extract', 'return 1;'],
      ['load', 'return extract + 1;', ['extract']],
    ]);
    expect(error).toBeUndefined();
    expect(result?.restored).toEqual(['extract']);
    expect(result?.tasks.load?.result).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('forceResume resumes anyway, restoring the completed tasks found by name, with a note', async () => {
    const store = new MemoryStateStore();
    await runOnce(store, FIRST);
    const { result, warnings } = await resume(
      store,
      [
        ['extract', 'return 100;'],
        ['other', 'return extract;', ['extract']],
      ],
      true,
    );
    expect(result?.restored).toEqual(['extract']);
    expect(result?.tasks.other?.result).toBe(1);
    expect(warnings).toEqual([
      'Resumed run "default" although it was recorded for a different workflow (forced): tasks ' +
        'only in the stored run: "load"; tasks only in this workflow: "other"; other code in ' +
        'completed tasks: "extract".',
    ]);
  });

  it('a record without a workflow snapshot (an older store) resumes as before, with a note', async () => {
    const store = new MemoryStateStore();
    await runOnce(store, FIRST);
    const stored = (await store.loadRun('etl', 'default'))!;
    const { document: _document, ...older } = stored.run;
    store.saveRun(older);
    const { result, warnings } = await resume(store, [
      ['extract', 'return 1;'],
      ['load', 'return extract + 1;', ['extract']],
    ]);
    expect(result?.restored).toEqual(['extract']);
    expect(warnings).toEqual([
      'Run "default" in the store has no workflow snapshot (recorded by an older FlowWeaver): ' +
        'resumed without checking that it is a run of "etl".',
    ]);
  });

  it('function tasks compare by their source, and without onWarning the note goes to console.warn', async () => {
    const store = new MemoryStateStore();
    const make = (b: () => number) => {
      const wf = new Workflow('fns');
      wf.addTask(() => 1, { name: 'a' });
      wf.addTask(b, { name: 'b', dependsOn: ['a'] });
      return wf;
    };
    await make(() => {
      throw new Error('no');
    })
      .execute(new SequentialExecutor({ store }), { runId: 'r' })
      .catch(() => undefined);
    const again = await make(() => 2).execute(new SequentialExecutor({ store }), { runId: 'r' });
    expect(again.restored).toEqual(['a']);
    const wf = new Workflow('fns');
    wf.addTask(() => 'changed', { name: 'a' });
    wf.addTask(() => 2, { name: 'b', dependsOn: ['a'] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const forced = await wf.execute(new SequentialExecutor({ store }), {
        runId: 'r',
        forceResume: true,
      });
      expect(forced.restored).toEqual(['a', 'b']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[flowweaver\] Resumed run "r"/));
    } finally {
      warn.mockRestore();
    }
  });
});
