// Round trip against Chromium's real IndexedDB (Vitest browser mode).
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { isIndexedDBAvailable } from './idbConnection.ts';
import { logLine, runRecord, taskState, warnings } from './testFixtures.ts';

const names: string[] = [];
function dbName(): string {
  const name = `flowweaver-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

describe('IndexedDBStateStore in Chromium', () => {
  it('round-trips runs, tasks, logs and workflows through the real IndexedDB', async () => {
    expect(isIndexedDBAvailable()).toBe(true);
    const name = dbName();
    const w = warnings();
    const store = new IndexedDBStateStore({ dbName: name, onWarning: w.handler });
    const result = {
      when: new Date(7),
      rows: new Map([['k', [1, 2]]]),
      bytes: new Uint8Array([1, 2]),
    };
    store.saveRun(runRecord('wf', 'r'));
    for (let i = 0; i < 200; i++) store.recordTask('wf', 'r', taskState(`t${i}`, 'running'));
    store.recordTask('wf', 'r', taskState('t0', 'completed', result));
    store.appendLog('wf', 'r', 't0', logLine('from chromium'));
    await store.saveWorkflow(
      { format: 'flowweaver.workflow', version: 2, id: 'wf', name: 'WF', tasks: [] },
      { updatedAt: 5 },
    );
    await store.close();

    const reopened = new IndexedDBStateStore({ dbName: name, onWarning: w.handler });
    const loaded = await reopened.loadRun('wf', 'r');
    expect(Object.keys(loaded?.tasks ?? {})).toHaveLength(200);
    expect(loaded?.tasks.t0).toEqual(taskState('t0', 'completed', result));
    expect(loaded?.tasks.t199?.status).toBe('running');
    expect(await reopened.getLogs('wf', 'r', 't0')).toEqual([logLine('from chromium')]);
    expect((await reopened.listRuns('wf')).map((r) => r.runId)).toEqual(['r']);
    expect((await reopened.getWorkflow('wf'))?.updatedAt).toBe(5);
    expect(w.list).toEqual([]);
    await reopened.close();
  });

  it('merges and compacts many batches of one run, and deleteRun removes them all', async () => {
    const name = dbName();
    const w = warnings();
    const store = new IndexedDBStateStore({ dbName: name, onWarning: w.handler });
    store.saveRun(runRecord('wf', 'r'));
    store.saveRun(runRecord('other', 'r'));
    store.recordTask('other', 'r', taskState('t0', 'completed', 'other workflow'));
    for (let b = 0; b < 40; b++) {
      for (let i = 0; i < 50; i++) {
        store.recordTask('wf', 'r', taskState(`t${i}`, 'completed', { batch: b, i }));
      }
      store.appendLog('wf', 'r', 't0', logLine(`batch ${b}`, b));
      await store.flush();
    }
    await store.close(); // after the compactions it started

    const reopened = new IndexedDBStateStore({ dbName: name, onWarning: w.handler });
    const loaded = await reopened.loadRun('wf', 'r');
    expect(Object.keys(loaded?.tasks ?? {})).toHaveLength(50);
    expect(loaded?.tasks.t49).toEqual(taskState('t49', 'completed', { batch: 39, i: 49 }));
    const logs = await reopened.getLogs('wf', 'r', 't0');
    expect(logs.map((l) => l.message)).toEqual(Array.from({ length: 40 }, (_, b) => `batch ${b}`));
    await reopened.deleteRun('wf', 'r');
    expect(await reopened.loadRun('wf', 'r')).toBeUndefined();
    expect(await reopened.getLogs('wf', 'r', 't0')).toEqual([]);
    expect((await reopened.loadRun('other', 'r'))?.tasks.t0?.result).toBe('other workflow');
    expect(w.list).toEqual([]);
    await reopened.close();
  });

  it('names the offending part of a result the real structured clone refuses', () => {
    const store = new IndexedDBStateStore({ dbName: dbName() });
    expect(() => store.assertStorable({ ok: 1, cb: () => 2 })).toThrow(/result\.cb is a function/);
  });
});
