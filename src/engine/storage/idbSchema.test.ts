import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { SCHEMA_VERSION } from './idbSchema.ts';
import { createV1Database, logLine, runRecord, taskState, warnings } from './testFixtures.ts';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('schema upgrade', () => {
  it('migrates a version-1 database: rows wrapped, logs moved to their store, runs indexed', async () => {
    const document = { format: 'flowweaver.workflow', version: 1, id: 'wf', name: 'WF', tasks: [] };
    const v1 = await createV1Database('legacy', {
      workflows: [document],
      runs: [runRecord('wf', 'r1', 1), runRecord('wf', 'r2', 2)],
      taskStates: [
        {
          workflowId: 'wf',
          runId: 'r1',
          ...taskState('a', 'completed', { n: 1 }),
          logs: [logLine('old log')],
        },
        { workflowId: 'wf', runId: 'r1', ...taskState('b', 'failed') },
      ],
    });
    v1.close();

    const w = warnings();
    const store = new IndexedDBStateStore({ dbName: 'legacy', onWarning: w.handler });
    const loaded = await store.loadRun('wf', 'r1');
    expect(loaded?.run).toEqual(runRecord('wf', 'r1', 1));
    expect(loaded?.tasks).toEqual({
      a: taskState('a', 'completed', { n: 1 }),
      b: taskState('b', 'failed'),
    });
    expect(await store.getLogs('wf', 'r1', 'a')).toEqual([logLine('old log')]);
    expect((await store.listRuns('wf')).map((r) => r.runId)).toEqual(['r2', 'r1']);
    expect((await store.getWorkflow('wf'))?.document).toEqual(document);
    expect(w.list).toEqual([]);
    await store.close();

    const db = await openDB('legacy');
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['logs', 'runs', 'taskStates', 'workflows']);
    db.close();
  });

  it('creates the current layout in a new database', async () => {
    const store = new IndexedDBStateStore({ dbName: 'new' });
    await store.ready();
    await store.close();
    const db = await openDB('new');
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.transaction('runs').store.indexNames]).toEqual(['byWorkflowStarted']);
    db.close();
  });
});
