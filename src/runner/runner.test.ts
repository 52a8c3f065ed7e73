import { describe, expect, it, vi } from 'vitest';
import {
  MemoryStateStore,
  Workflow,
  type RunEvent,
  type StorageWarning,
  type WorkflowDocument,
} from '../engine/index.ts';
import type { RunRequest, RunSink } from './protocol.ts';
import { createRunner } from './runner.ts';

const doc = (tasks: [string, string, string[]][]): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id: 'wf',
  name: 'wf',
  tasks: tasks.map(([name, code, dependsOn]) => ({ name, code, dependsOn })),
});

const DIAMOND = doc([
  ['a', 'return 1;', []],
  ['b', 'return inputs.a + 1;', ['a']],
  ['c', 'return inputs.a + 2;', ['a']],
  ['d', 'return inputs.b + inputs.c;', ['b', 'c']],
]);

function recordingSink() {
  const batches: RunEvent[][] = [];
  const warnings: string[] = [];
  const storage: StorageWarning[] = [];
  const sink: RunSink = {
    events: (batch) => void batches.push([...batch]),
    warning: (m) => void warnings.push(m),
    storageWarning: (w) => void storage.push(w),
  };
  return { sink, batches, warnings, storage, events: () => batches.flat() };
}

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  document: DIAMOND,
  runId: 'run-1',
  executor: { kind: 'sequential' },
  storage: 'memory',
  batchMs: 1_000,
  ...over,
});

describe('the runner (the run worker’s logic)', () => {
  it('runs a document and sends its events in order, in batches, ending with run-finished', async () => {
    const runner = createRunner();
    const rec = recordingSink();
    const outcome = await runner.execute(request(), rec.sink);
    expect(outcome.kind).toBe('completed');
    if (outcome.kind === 'not-started') throw new Error('not started');
    expect(outcome.result.tasks.d?.result).toBe(5);
    const events = rec.events();
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
    // In-thread executors: a batch goes as each task starts (its code may then hold the thread),
    // the rest with `run-finished`; the long batch interval never elapses.
    expect(rec.batches).toHaveLength(5);
    for (const batch of rec.batches.slice(0, -1)) {
      expect(batch.at(-1)).toMatchObject({ type: 'task-status', status: 'running' });
    }
    expect(events.filter((e) => e.type === 'task-status' && e.status === 'completed')).toHaveLength(
      4,
    );
  });

  it('reports a failed run with its result, and "retry" on the same run id restores completed tasks', async () => {
    const runner = createRunner();
    const failing = doc([
      ['a', 'return 1;', []],
      ['b', 'throw new Error("boom");', ['a']],
    ]);
    const first = await runner.execute(request({ document: failing }), recordingSink().sink);
    expect(first.kind).toBe('failed');
    if (first.kind === 'not-started') throw new Error('not started');
    expect(first.result.tasks.b?.error?.message).toContain('boom');

    const fixed = doc([
      ['a', 'return 1;', []],
      ['b', 'return inputs.a * 10;', ['a']],
    ]);
    const retry = await runner.execute(request({ document: fixed }), recordingSink().sink);
    expect(retry.kind).toBe('completed');
    if (retry.kind === 'not-started') throw new Error('not started');
    expect(retry.result.restored).toEqual(['a']);
    expect(retry.result.tasks.b?.result).toBe(10);
  });

  it('seeds completed tasks before a partial run, so they are restored and never run', async () => {
    const runner = createRunner();
    const outcome = await runner.execute(
      request({
        runId: 'partial',
        document: doc([
          ['a', 'throw new Error("must not run");', []],
          ['b', 'return inputs.a + 1;', ['a']],
        ]),
        seeds: [{ name: 'a', status: 'completed', attempts: 1, attemptHistory: [], result: 41 }],
        // As the app sends it: a new run id, whose seeds the runner stores and the engine reads.
        newRun: true,
      }),
      recordingSink().sink,
    );
    expect(outcome.kind).toBe('completed');
    if (outcome.kind === 'not-started') throw new Error('not started');
    expect(outcome.result.restored).toEqual(['a']);
    expect(outcome.result.tasks.b?.result).toBe(42);
  });

  it('starts a run of the workflow it prepared from that Workflow, already built and checked', async () => {
    const runner = createRunner();
    runner.prepare(7, DIAMOND);
    const build = vi.spyOn(Workflow, 'fromDocument');
    try {
      const first = await runner.execute(request({ documentId: 7 }), recordingSink().sink);
      const again = await runner.execute(request({ documentId: 7 }), recordingSink().sink);
      expect(build).not.toHaveBeenCalled();
      for (const outcome of [first, again]) {
        if (outcome.kind === 'not-started') throw new Error(outcome.message);
        expect(outcome.result.tasks.d?.result).toBe(5);
      }
      // Another document (an edit since): built for its run.
      const other = doc([['a', 'return 2;', []]]);
      const edited = await runner.execute(
        request({ document: other, documentId: 8, runId: 'run-2' }),
        recordingSink().sink,
      );
      expect(build).toHaveBeenCalledTimes(1);
      if (edited.kind === 'not-started') throw new Error(edited.message);
      expect(edited.result.tasks.a?.result).toBe(2);
    } finally {
      build.mockRestore();
    }
  });

  it('leaves an invalid workflow it was asked to prepare for its run to report', async () => {
    const runner = createRunner();
    const broken = doc([['a', 'return (;', []]]);
    runner.prepare(9, broken);
    const outcome = await runner.execute(
      request({ document: broken, documentId: 9 }),
      recordingSink().sink,
    );
    expect(outcome).toMatchObject({ kind: 'not-started' });
  });

  it('starts a new run without reading the store for a run to resume', async () => {
    const store = new MemoryStateStore();
    let loads = 0;
    const load = store.loadRun.bind(store);
    store.loadRun = (workflowId, runId) => (loads++, load(workflowId, runId));
    const runner = createRunner({ openIndexedDB: () => Promise.resolve(store) });
    const fresh = request({ runId: 'fresh', storage: 'indexeddb', newRun: true });
    const outcome = await runner.execute(fresh, recordingSink().sink);
    expect(outcome.kind).toBe('completed');
    expect(loads).toBe(0);
    // The same id again is a resume: the store is read, and the completed run restored whole.
    const again = await runner.execute({ ...fresh, newRun: false }, recordingSink().sink);
    expect(loads).toBe(1);
    if (again.kind === 'not-started') throw new Error('not started');
    expect(again.result.restored.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('records the run a retry retries on the new run, from its seeded start to its end', async () => {
    const store = new MemoryStateStore();
    const runner = createRunner({ openIndexedDB: () => Promise.resolve(store) });
    const retryOf = { parentRunId: 'failed', rootRunId: 'failed', attempt: 2 };
    const outcome = await runner.execute(
      request({
        runId: 'retry',
        storage: 'indexeddb',
        document: doc([
          ['a', 'throw new Error("must not run");', []],
          ['b', 'return inputs.a + 1;', ['a']],
        ]),
        seeds: [
          {
            name: 'a',
            status: 'completed',
            attempts: 1,
            attemptHistory: [],
            result: 1,
            restored: true,
          },
        ],
        retryOf,
      }),
      recordingSink().sink,
    );
    expect(outcome.kind).toBe('completed');
    const stored = await store.loadRun('wf', 'retry');
    expect(stored?.run).toMatchObject({ status: 'completed', retryOf });
    expect(stored?.tasks.a).toMatchObject({ restored: true, result: 1 });
  });

  it('cancels a run: running tasks see their signal abort', async () => {
    const runner = createRunner();
    const slow = doc([
      ['fast', 'return 1;', []],
      [
        'slow',
        'await new Promise((resolve, reject) => { ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)); }); return 2;',
        ['fast'],
      ],
    ]);
    const rec = recordingSink();
    const running = runner.execute(
      request({ runId: 'c', document: slow, executor: { kind: 'async' }, batchMs: 0 }),
      rec.sink,
    );
    await expect
      .poll(() => rec.events().some((e) => e.type === 'task-status' && e.task === 'slow'))
      .toBe(true);
    runner.cancel('c');
    const outcome = await running;
    expect(outcome.kind).toBe('cancelled');
    if (outcome.kind === 'not-started') throw new Error('not started');
    expect(outcome.result.tasks.fast?.status).toBe('completed');
    expect(outcome.result.tasks.slow?.status).toBe('cancelled');
  });

  it('does not start a document with problems, and says why', async () => {
    const runner = createRunner();
    const outcome = await runner.execute(
      request({ document: doc([['a', 'return (;', []]]) }),
      recordingSink().sink,
    );
    expect(outcome).toEqual({
      kind: 'not-started',
      message: expect.stringMatching(/^Cannot run: .*"a"/),
    });
  });

  it('runs a stored snapshot that lists an upstream twice (saved before repeats were refused)', async () => {
    const runner = createRunner();
    const snapshot = doc([
      ['a', 'return 1;', []],
      ['b', 'return inputs.a + 1;', ['a', 'a']],
    ]);
    const outcome = await runner.execute(request({ document: snapshot }), recordingSink().sink);
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') throw new Error(outcome.kind);
    expect(outcome.result.tasks.b?.result).toBe(2);
  });

  it('says so when the IndexedDB store cannot open, and runs nothing', async () => {
    const runner = createRunner({
      openIndexedDB: () => Promise.reject(new Error('quota exceeded')),
    });
    const outcome = await runner.execute(request({ storage: 'indexeddb' }), recordingSink().sink);
    expect(outcome).toEqual({
      kind: 'not-started',
      message: 'Run could not start: storage failed (quota exceeded)',
    });
  });
});
