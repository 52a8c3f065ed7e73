import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { SCHEMA_VERSION } from './idbSchema.ts';
import {
  createV1Database,
  createV2Database,
  createV3Database,
  logLine,
  rowCounts,
  runRecord,
  taskState,
  warnings,
} from './testFixtures.ts';

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
    expect([...db.objectStoreNames].sort()).toEqual([
      'deletedWorkflows',
      'logBatches',
      'logs',
      'runs',
      'taskBatches',
      'taskStates',
      'workflows',
    ]);
    db.close();
  });

  it('reads a version-2 database after the v3 upgrade, newer batches winning over v2 rows', async () => {
    const v2Task = (
      wf: string,
      name: string,
      status: 'completed' | 'running',
      result?: unknown,
    ) => ({
      v: 1,
      workflowId: wf,
      runId: 'r1',
      name,
      state: taskState(name, status, result),
    });
    const v2 = await createV2Database('legacy2', {
      runs: [
        { ...runRecord('wf', 'r1', 1), v: 1 },
        { ...runRecord('other', 'r1', 2), v: 1 },
      ],
      taskStates: [
        v2Task('wf', 'a', 'completed', { n: 1 }),
        v2Task('wf', 'b', 'running'),
        v2Task('other', 'a', 'completed', 'not wf'),
      ],
      logs: [
        { v: 1, workflowId: 'wf', runId: 'r1', task: 'b', lines: [logLine('v2 line')], dropped: 0 },
      ],
    });
    v2.close();

    const w = warnings();
    const store = new IndexedDBStateStore({ dbName: 'legacy2', onWarning: w.handler });
    const loaded = await store.loadRun('wf', 'r1');
    expect(loaded?.run).toEqual(runRecord('wf', 'r1', 1));
    expect(loaded?.tasks).toEqual({
      a: taskState('a', 'completed', { n: 1 }),
      b: taskState('b', 'running'),
    });
    expect(await store.getLogs('wf', 'r1', 'b')).toEqual([logLine('v2 line')]);
    expect((await store.loadRun('other', 'r1'))?.tasks.a?.result).toBe('not wf');

    // Resuming the run in v3: its new batch rows come after (and override) the v2 rows.
    store.recordTask('wf', 'r1', taskState('b', 'completed', 'v3'));
    store.appendLog('wf', 'r1', 'b', logLine('v3 line', 2));
    await store.close();
    const reopened = new IndexedDBStateStore({ dbName: 'legacy2', onWarning: w.handler });
    const resumed = await reopened.loadRun('wf', 'r1');
    expect(resumed?.tasks.a).toEqual(taskState('a', 'completed', { n: 1 }));
    expect(resumed?.tasks.b).toEqual(taskState('b', 'completed', 'v3'));
    expect(await reopened.getLogs('wf', 'r1', 'b')).toEqual([
      logLine('v2 line'),
      logLine('v3 line', 2),
    ]);

    // Deleting the run removes its rows of both layouts, and only its rows.
    await reopened.deleteRun('wf', 'r1');
    expect(await reopened.loadRun('wf', 'r1')).toBeUndefined();
    expect(await reopened.getLogs('wf', 'r1', 'b')).toEqual([]);
    expect((await reopened.loadRun('other', 'r1'))?.tasks.a?.result).toBe('not wf');
    expect(w.list).toEqual([]);
    await reopened.close();
    expect(await rowCounts('legacy2')).toMatchObject({
      runs: 1,
      taskStates: 1,
      logs: 0,
      taskBatches: 0,
      logBatches: 0,
    });
  });

  it('adds Recently deleted to a version-3 database, keeping its workflows and runs', async () => {
    const document = { format: 'flowweaver.workflow', version: 1, id: 'wf', name: 'WF', tasks: [] };
    const v3 = await createV3Database('legacy3', {
      workflows: [{ v: 1, id: 'wf', updatedAt: 7, document }],
      runs: [{ ...runRecord('wf', 'r1', 1), v: 1 }],
      taskBatches: [
        { v: 1, workflowId: 'wf', runId: 'r1', seq: 0, states: [taskState('a', 'completed', 1)] },
      ],
    });
    v3.close();

    const w = warnings();
    const store = new IndexedDBStateStore({ dbName: 'legacy3', onWarning: w.handler });
    expect(await store.listWorkflows()).toEqual([{ id: 'wf', updatedAt: 7, document }]);
    expect((await store.loadRun('wf', 'r1'))?.tasks.a).toEqual(taskState('a', 'completed', 1));
    expect(await store.listDeletedWorkflows()).toEqual([]);
    await store.trashWorkflow('wf', { deletedAt: 9 });
    expect(await store.listDeletedWorkflows()).toEqual([
      { id: 'wf', updatedAt: 7, deletedAt: 9, document },
    ]);
    // A deleted workflow's runs stay: restoring it brings its history back.
    expect((await store.listRuns('wf')).map((r) => r.runId)).toEqual(['r1']);
    expect(w.list).toEqual([]);
    await store.close();
    expect(await rowCounts('legacy3')).toMatchObject({ workflows: 0, deletedWorkflows: 1 });
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
