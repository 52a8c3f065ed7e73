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
      { format: 'flowweaver.workflow', version: 1, id: 'wf', name: 'WF', tasks: [] },
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

  it('names the offending part of a result the real structured clone refuses', () => {
    const store = new IndexedDBStateStore({ dbName: dbName() });
    expect(() => store.assertStorable({ ok: 1, cb: () => 2 })).toThrow(/result\.cb is a function/);
  });
});
