import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDocument } from '../model/types.ts';
import { COMPACT_AFTER_ROWS, IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { isIndexedDBAvailable } from './idbConnection.ts';
import { SCHEMA_VERSION } from './idbSchema.ts';
import { expiredDeletedWorkflows, WorkflowIdTakenError } from './idbWorkflows.ts';
import {
  createV1Database,
  logLine,
  rowCounts,
  runRecord,
  taskState,
  warnings,
} from './testFixtures.ts';
import { StorageUnavailableError, UnstorableValueError } from './storageErrors.ts';

const doc = (id: string, name = id): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id,
  name,
  tasks: [{ name: 'a', code: 'return 1', dependsOn: [] }],
});

function newStore(onWarning = warnings().handler, maxLogLinesPerTask?: number) {
  return new IndexedDBStateStore({
    dbName: 'test',
    onWarning,
    ...(maxLogLinesPerTask === undefined ? {} : { maxLogLinesPerTask }),
  });
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('IndexedDBStateStore runs', () => {
  it('round-trips a run, its task states and logs', async () => {
    const store = newStore();
    const run = {
      ...runRecord('wf', 'r1'),
      document: doc('wf'),
      executor: { kind: 'async', options: { maxConcurrent: 4 } },
    };
    store.saveRun(run);
    store.recordTask('wf', 'r1', taskState('a', 'completed', { rows: [1, 2], at: new Date(5) }));
    store.recordTask('wf', 'r1', taskState('b', 'failed'));
    store.appendLog('wf', 'r1', 'a', logLine('hello'));
    await store.flush();

    const fresh = newStore(); // a new connection: what a reloaded page sees
    const loaded = await fresh.loadRun('wf', 'r1');
    expect(loaded?.run).toEqual(run);
    expect(loaded?.tasks.a).toEqual(taskState('a', 'completed', { rows: [1, 2], at: new Date(5) }));
    expect(loaded?.tasks.b?.status).toBe('failed');
    expect(await fresh.getLogs('wf', 'r1', 'a')).toEqual([logLine('hello')]);
    expect(await fresh.loadRun('wf', 'other')).toBeUndefined();
    await store.close();
    await fresh.close();
  });

  it('batches many transitions into few transactions and keeps the latest state per task', async () => {
    const store = newStore();
    await store.ready();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    store.saveRun(runRecord('wf', 'r'));
    for (let i = 0; i < 100; i++) {
      store.recordTask('wf', 'r', taskState(`t${i}`, 'running'));
      store.recordTask('wf', 'r', taskState(`t${i}`, 'completed', i));
    }
    await store.flush();
    // One row for the run and one for the batch's 100 task states (schema v3), not one per call.
    expect(put).toHaveBeenCalledTimes(2);
    const loaded = await store.loadRun('wf', 'r');
    expect(Object.keys(loaded?.tasks ?? {})).toHaveLength(100);
    expect(loaded?.tasks.t42).toEqual(taskState('t42', 'completed', 42));
  });

  it('merges many batches of one run to the latest state of each task', async () => {
    const store = newStore();
    store.saveRun(runRecord('wf', 'r'));
    // Ten batches (one flush each), every task moving on in each: the later batch wins.
    for (let b = 0; b < 10; b++) {
      for (let i = 0; i < 5; i++) {
        const status = b === 9 && i !== 3 ? 'completed' : 'running';
        store.recordTask(
          'wf',
          'r',
          taskState(`t${i}`, status, status === 'completed' ? b : undefined),
        );
      }
      store.recordTask('wf', 'r', taskState(`only${b}`, 'completed', b)); // in one batch only
      store.appendLog('wf', 'r', 't0', logLine(`batch ${b}`, b));
      await store.flush();
    }
    await store.close();
    expect(await rowCounts('test')).toMatchObject({ taskBatches: 10, logBatches: 10 });

    const reader = newStore();
    const loaded = await reader.loadRun('wf', 'r');
    expect(Object.keys(loaded?.tasks ?? {}).sort()).toHaveLength(15);
    expect(loaded?.tasks.t0).toEqual(taskState('t0', 'completed', 9));
    expect(loaded?.tasks.t3).toEqual(taskState('t3', 'running'));
    expect(loaded?.tasks.only4).toEqual(taskState('only4', 'completed', 4));
    expect((await reader.getLogs('wf', 'r', 't0')).map((l) => l.message)).toEqual(
      Array.from({ length: 10 }, (_, b) => `batch ${b}`),
    );
    await reader.close();
  });

  it('compacts a run with many batch rows into one, changing nothing a reader sees', async () => {
    const store = newStore(undefined, 10);
    store.saveRun(runRecord('wf', 'r'));
    const batches = COMPACT_AFTER_ROWS + 5;
    for (let b = 0; b < batches; b++) {
      store.recordTask('wf', 'r', taskState(`t${b % 7}`, 'completed', b));
      store.appendLog('wf', 'r', `t${b % 3}`, logLine(`line ${b}`, b));
      await store.flush();
    }
    const expected = await store.loadRun('wf', 'r');
    const logs = await Promise.all(['t0', 't1', 't2'].map((t) => store.getLogs('wf', 'r', t)));
    await store.close(); // waits for the compaction
    const counts = await rowCounts('test');
    expect(counts.taskBatches).toBeLessThan(10);
    expect(counts.logBatches).toBeLessThan(10);
    expect(counts.logs).toBe(3); // compacted log lines went to the per-task buckets

    const reader = newStore(undefined, 10);
    const loaded = await reader.loadRun('wf', 'r');
    expect(loaded).toEqual(expected);
    expect(loaded?.tasks.t6).toEqual(taskState('t6', 'completed', 34));
    expect(await Promise.all(['t0', 't1', 't2'].map((t) => reader.getLogs('wf', 'r', t)))).toEqual(
      logs,
    );
    expect((await reader.getLogs('wf', 'r', 't0'))[0]?.message).toBe(
      '… 3 earlier lines dropped (at most 10 lines are kept per task)',
    );
  });

  it('compacts a chatty run by its log lines, keeping the cap and the dropped count', async () => {
    const store = newStore();
    store.saveRun(runRecord('wf', 'r'));
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < 1500; i++) {
        for (const task of ['a', 'b']) store.appendLog('wf', 'r', task, logLine(`${b}.${i}`, i));
      }
      await store.flush();
    }
    await store.close();
    expect(await rowCounts('test')).toMatchObject({ logBatches: 0, logs: 2 });
    const logs = await newStore().getLogs('wf', 'r', 'b');
    expect(logs).toHaveLength(1001);
    expect(logs[0]?.message).toBe(
      '… 2000 earlier lines dropped (at most 1000 lines are kept per task)',
    );
    expect(logs.at(-1)?.message).toBe('1.1499');
  });

  it('deleteRun removes every row of the run and nothing else', async () => {
    const store = newStore();
    for (const run of ['gone', 'kept']) {
      store.saveRun(runRecord('wf', run));
      for (let b = 0; b < 3; b++) {
        store.recordTask('wf', run, taskState(`t${b}`, 'completed', b));
        store.appendLog('wf', run, `t${b}`, logLine(`line ${b}`));
        await store.flush();
      }
    }
    await store.deleteRun('wf', 'gone');
    expect(await store.loadRun('wf', 'gone')).toBeUndefined();
    expect(await store.getLogs('wf', 'gone', 't0')).toEqual([]);
    expect((await store.listRuns('wf')).map((r) => r.runId)).toEqual(['kept']);
    expect(Object.keys((await store.loadRun('wf', 'kept'))?.tasks ?? {})).toHaveLength(3);
    await store.close();
    expect(await rowCounts('test')).toMatchObject({ runs: 1, taskBatches: 3, logBatches: 3 });
  });

  it('stores a transition without the result that cannot be cloned, and warns', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('fine', 'completed', 1));
    store.recordTask('wf', 'r', taskState('bad', 'completed', { f: () => 1 }));
    await store.flush();
    const loaded = await newStore().loadRun('wf', 'r');
    expect(loaded?.tasks.fine?.result).toBe(1);
    expect(loaded?.tasks.bad?.status).toBe('completed');
    expect(loaded?.tasks.bad && 'result' in loaded.tasks.bad).toBe(false);
    expect(w.list.map((x) => x.code)).toEqual(['E_NOT_STORABLE']);
  });

  it('caps logs per task and notes how many lines were dropped', async () => {
    const store = newStore(undefined, 3);
    store.saveRun(runRecord('wf', 'r'));
    for (let i = 1; i <= 5; i++) store.appendLog('wf', 'r', 'a', logLine(`line ${i}`, i));
    await store.flush();
    for (let i = 6; i <= 7; i++) store.appendLog('wf', 'r', 'a', logLine(`line ${i}`, i));
    const logs = await store.getLogs('wf', 'r', 'a');
    expect(logs.map((l) => l.message)).toEqual([
      '… 4 earlier lines dropped (at most 3 lines are kept per task)',
      'line 5',
      'line 6',
      'line 7',
    ]);
  });

  it('keeps two workflows with the same run id and task names apart', async () => {
    const store = newStore();
    for (const wf of ['one', 'two']) {
      store.saveRun(runRecord(wf, 'same'));
      store.recordTask(wf, 'same', taskState('a', 'completed', `result of ${wf}`));
      store.appendLog(wf, 'same', 'a', logLine(`log of ${wf}`));
    }
    await store.flush();
    expect((await store.loadRun('one', 'same'))?.tasks.a?.result).toBe('result of one');
    expect((await store.loadRun('two', 'same'))?.tasks.a?.result).toBe('result of two');
    expect(await store.getLogs('two', 'same', 'a')).toEqual([logLine('log of two')]);
    await store.deleteRun('one', 'same');
    expect(await store.loadRun('one', 'same')).toBeUndefined();
    expect((await store.loadRun('two', 'same'))?.tasks.a?.result).toBe('result of two');
  });

  it('lists runs of a workflow newest first', async () => {
    const store = newStore();
    store.saveRun(runRecord('wf', 'old', 1));
    store.saveRun(runRecord('wf', 'new', 3));
    store.saveRun(runRecord('wf', 'mid', 2));
    store.saveRun(runRecord('other', 'x', 9));
    expect((await store.listRuns('wf')).map((r) => r.runId)).toEqual(['new', 'mid', 'old']);
  });
});

describe('IndexedDBStateStore bad records', () => {
  it('reports a corrupt or unknown-version record once and ignores it', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('good', 'completed', 1));
    await store.close();
    const db = await openDB('test');
    await db.put('taskStates', {
      v: 1,
      workflowId: 'wf',
      runId: 'r',
      name: 'bad',
      state: { name: 'bad' },
    });
    await db.put('taskStates', { v: 99, workflowId: 'wf', runId: 'r', name: 'future', state: {} });
    await db.put('runs', { v: 1, workflowId: 'wf', runId: 'broken', startedAt: 5 });
    await db.put('taskBatches', { v: 99, workflowId: 'wf', runId: 'r', seq: 50, states: [] });
    await db.put('taskBatches', {
      v: 1,
      workflowId: 'wf',
      runId: 'r',
      seq: 51,
      states: [{ name: 'good', status: 'nonsense' }],
    });
    db.close();

    const reader = newStore(w.handler);
    for (let i = 0; i < 2; i++) {
      const loaded = await reader.loadRun('wf', 'r');
      expect(Object.keys(loaded?.tasks ?? {})).toEqual(['good']);
      expect(await reader.loadRun('wf', 'broken')).toBeUndefined();
      expect((await reader.listRuns('wf')).map((r) => r.runId)).toEqual(['r']);
    }
    expect((await reader.loadRun('wf', 'r'))?.tasks.good?.result).toBe(1);
    expect(w.list.map((x) => x.code).sort()).toEqual([
      'E_STORAGE_CORRUPT',
      'E_STORAGE_CORRUPT',
      'E_STORAGE_CORRUPT',
      'E_STORAGE_VERSION',
      'E_STORAGE_VERSION',
    ]);
    expect(w.list.find((x) => x.code === 'E_STORAGE_VERSION')?.message).toMatch(
      /unknown version 99/,
    );
  });

  it('refuses unstorable results with a message naming the part', () => {
    const store = newStore();
    expect(() => store.assertStorable({ ok: [1, { handler: () => 1 }] })).toThrow(
      UnstorableValueError,
    );
    expect(() => store.assertStorable({ ok: [1, { handler: function onClick() {} }] })).toThrow(
      /result\.ok\[1\]\.handler is a function \(onClick\)/,
    );
    expect(() => store.assertStorable({ map: new Map([[1, new Date()]]), n: 1n })).not.toThrow();
  });
});

describe('IndexedDBStateStore failures', () => {
  it('falls back to memory on a quota error, warns, and leaves earlier records untouched', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('a', 'completed', 'saved before'));
    await store.flush();

    const quota = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    store.recordTask('wf', 'r', taskState('a', 'failed'));
    store.recordTask('wf', 'r', taskState('b', 'completed', 'kept in memory'));
    await store.flush();
    store.recordTask('wf', 'r', taskState('c', 'completed', 'also in memory'));
    await store.flush();
    quota.mockRestore();

    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_QUOTA']);
    expect(w.list[0]?.message).toMatch(/run "r" of workflow "wf" continues in memory/);
    expect(store.isPersisted('wf', 'r')).toBe(false);
    const live = await store.loadRun('wf', 'r');
    expect(live?.tasks.a?.status).toBe('failed');
    expect(live?.tasks.c?.result).toBe('also in memory');
    const onDisk = await newStore().loadRun('wf', 'r');
    expect(onDisk?.tasks).toEqual({ a: taskState('a', 'completed', 'saved before') });
  });

  it('runs in memory with a clear error when IndexedDB is unavailable', async () => {
    Reflect.deleteProperty(globalThis, 'indexedDB');
    expect(isIndexedDBAvailable()).toBe(false);
    const w = warnings();
    const store = newStore(w.handler);
    await expect(store.ready()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.ready()).rejects.toMatchObject({ code: 'E_STORAGE_UNAVAILABLE' });
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('a', 'completed', 1));
    await store.flush();
    expect((await store.loadRun('wf', 'r'))?.tasks.a?.result).toBe(1);
    await expect(store.saveWorkflow(doc('wf'))).rejects.toMatchObject({
      code: 'E_STORAGE_UNAVAILABLE',
    });
    expect(w.list).toHaveLength(1);
    expect(w.list[0]?.message).toMatch(/IndexedDB is not available/);
  });

  it('does not hang when an old tab blocks the upgrade, and uses the database once it opens', async () => {
    const old = await createV1Database('test'); // an old tab that ignores versionchange
    const w = warnings();
    const store = newStore(w.handler);
    store.saveRun(runRecord('wf', 'during'));
    await store.flush();
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_BLOCKED']);
    expect(store.isPersisted('wf', 'during')).toBe(false);
    old.close();
    (await openDB('test', SCHEMA_VERSION)).close(); // queued behind the store's open: resolves after it
    await store.ready();
    store.saveRun(runRecord('wf', 'after'));
    await store.flush();
    expect(store.isPersisted('wf', 'after')).toBe(true);
    expect((await store.listRuns('wf')).map((r) => r.runId).sort()).toEqual(['after', 'during']);
  });

  it('closes its connection when a newer tab upgrades the database', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    await store.ready();
    const newer = await openDB('test', 99); // would block forever if the store kept its connection
    newer.close();
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_BLOCKED']);
    store.saveRun(runRecord('wf', 'r'));
    expect((await store.loadRun('wf', 'r'))?.run.runId).toBe('r');
  });
});

describe('IndexedDBStateStore workflows', () => {
  it('saves, lists, reads and deletes workflows without clobbering others', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    await store.saveWorkflow(doc('a', 'First'), { updatedAt: 1 });
    await store.saveWorkflow(doc('b', 'Second'), { updatedAt: 2 });
    await store.saveWorkflow(doc('a', 'First, renamed'), { updatedAt: 3 });
    const stale = await store.saveWorkflow(doc('a', 'stale autosave'), { updatedAt: 2 });
    expect(stale.document.name).toBe('First, renamed');
    expect((await store.listWorkflows()).map((x) => [x.id, x.document.name])).toEqual([
      ['a', 'First, renamed'],
      ['b', 'Second'],
    ]);
    expect((await store.getWorkflow('b'))?.updatedAt).toBe(2);
    await store.deleteWorkflow('a');
    expect(await store.getWorkflow('a')).toBeUndefined();
    expect((await store.listWorkflows()).map((x) => x.id)).toEqual(['b']);
    expect(w.list).toEqual([]);
  });

  it('refuses a workflow delete the database cannot write with a storage message, keeping it', async () => {
    const store = newStore();
    await store.saveWorkflow(doc('a', 'First'), { updatedAt: 1 });
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(() => {
      throw new DOMException('The disk is read-only.', 'UnknownError');
    });
    const refused = await store.deleteWorkflow('a').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StorageUnavailableError);
    expect((refused as StorageUnavailableError).message).toBe(
      'Could not save (UnknownError: The disk is read-only.): workflow "a" was not deleted.',
    );
    vi.restoreAllMocks();
    expect((await store.getWorkflow('a'))?.document.name).toBe('First');
  });

  it('keeps where a workflow was copied from across saves that do not say it', async () => {
    const store = newStore();
    await store.saveWorkflow(doc('a'), { updatedAt: 1, origin: 'example:etl' });
    await store.saveWorkflow(doc('a', 'edited'), { updatedAt: 2 });
    expect(await store.getWorkflow('a')).toEqual({
      id: 'a',
      updatedAt: 2,
      document: doc('a', 'edited'),
      origin: 'example:etl',
    });
    await store.saveWorkflow(doc('b'), { updatedAt: 3 });
    expect(await store.getWorkflow('b')).not.toHaveProperty('origin');
  });

  it('keeps the layout direction beside the document, across saves, a reopen and a restore', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    await store.saveWorkflow(doc('a'), { updatedAt: 1, layoutDirection: 'LR' });
    await store.saveWorkflow(doc('a', 'edited'), { updatedAt: 2 });
    await store.saveWorkflow(doc('b'), { updatedAt: 3, origin: 'example:etl' });
    await store.saveWorkflow(doc('b'), { updatedAt: 4, layoutDirection: 'TD' });
    await store.close();

    const reopened = newStore(w.handler);
    expect(await reopened.getWorkflow('a')).toEqual({
      id: 'a',
      updatedAt: 2,
      document: doc('a', 'edited'),
      layoutDirection: 'LR',
    });
    expect(await reopened.getWorkflow('b')).toMatchObject({
      origin: 'example:etl',
      layoutDirection: 'TD',
    });
    await reopened.trashWorkflow('a');
    expect(await reopened.restoreWorkflow('a', { asId: 'a2' })).toMatchObject({
      id: 'a2',
      layoutDirection: 'LR',
    });
    expect(w.list).toEqual([]);
  });

  it('moves a deleted workflow to Recently deleted and back, with its origin, across a reopen', async () => {
    const w = warnings();
    const store = newStore(w.handler);
    await store.saveWorkflow(doc('a', 'First'), { updatedAt: 5, origin: 'link:abc' });
    await store.saveWorkflow(doc('b', 'Second'), { updatedAt: 6 });
    expect(await store.trashWorkflow('missing')).toBeUndefined();
    expect(await store.trashWorkflow('a', { deletedAt: 100 })).toMatchObject({
      id: 'a',
      deletedAt: 100,
    });
    await store.trashWorkflow('b', { deletedAt: 200 });
    expect(await store.listWorkflows()).toEqual([]);
    await store.close();

    const reopened = newStore(w.handler);
    expect((await reopened.listDeletedWorkflows()).map((d) => [d.id, d.deletedAt])).toEqual([
      ['b', 200],
      ['a', 100],
    ]);
    const restored = await reopened.restoreWorkflow('a');
    expect(restored).toEqual({
      id: 'a',
      updatedAt: 5,
      document: doc('a', 'First'),
      origin: 'link:abc',
    });
    expect(await reopened.getWorkflow('a')).toEqual(restored);
    expect((await reopened.listDeletedWorkflows()).map((d) => d.id)).toEqual(['b']);
    expect(await reopened.restoreWorkflow('a')).toBeUndefined();
    expect(w.list).toEqual([]);
  });

  it('never restores over a saved workflow with the same id; restores under another id instead', async () => {
    const store = newStore();
    await store.saveWorkflow(doc('a', 'Deleted'), { updatedAt: 1 });
    await store.trashWorkflow('a', { deletedAt: 2 });
    // Another tab saved a workflow with that id meanwhile.
    await store.saveWorkflow(doc('a', 'Saved again'), { updatedAt: 3 });
    await expect(store.restoreWorkflow('a')).rejects.toBeInstanceOf(WorkflowIdTakenError);
    expect((await store.getWorkflow('a'))?.document.name).toBe('Saved again');
    expect(await store.listDeletedWorkflows()).toHaveLength(1);

    const restored = await store.restoreWorkflow('a', { asId: 'a2' });
    expect(restored?.document).toEqual({ ...doc('a2', 'Deleted') });
    expect((await store.listWorkflows()).map((x) => x.id).sort()).toEqual(['a', 'a2']);
    expect(await store.listDeletedWorkflows()).toEqual([]);
  });

  it('deletes for good one deleted workflow, or all of them', async () => {
    const store = newStore();
    for (const id of ['a', 'b', 'c']) {
      await store.saveWorkflow(doc(id));
      await store.trashWorkflow(id);
    }
    await store.purgeDeletedWorkflows(['b']);
    expect((await store.listDeletedWorkflows()).map((d) => d.id).sort()).toEqual(['a', 'c']);
    await store.purgeDeletedWorkflows();
    expect(await store.listDeletedWorkflows()).toEqual([]);
    expect(await rowCounts('test')).toMatchObject({ workflows: 0, deletedWorkflows: 0 });
  });

  it('expires deleted workflows older than 30 days beyond the last 50, and no others', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const now = 1000 * DAY;
    const store = newStore();
    // 60 deleted workflows: the 10 most recent a day old, the rest 31 to 80 days old.
    for (let i = 0; i < 60; i++) {
      await store.saveWorkflow(doc(`wf${i}`));
      const age = i < 10 ? DAY : (21 + i) * DAY;
      await store.trashWorkflow(`wf${i}`, { deletedAt: now - age - i });
    }
    const purged = await store.expireDeletedWorkflows({ now });
    // The 50 most recent stay whatever their age; of the other 10, all are past 30 days.
    expect(purged.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `wf${50 + i}`).sort());
    expect(await store.listDeletedWorkflows()).toHaveLength(50);
    // Fewer than 50: nothing expires, however old.
    expect(await store.expireDeletedWorkflows({ now: now + 1000 * DAY })).toEqual([]);
  });
});

describe('expiredDeletedWorkflows', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const retention = { maxAgeMs: 30 * DAY, keepLast: 2 };
  it('keeps what was deleted within the age, or is among the last ones, and expires the rest', () => {
    const now = 100 * DAY;
    const deleted = [
      { id: 'old1', deletedAt: now - 40 * DAY },
      { id: 'recent1', deletedAt: now - 1 * DAY },
      { id: 'old2', deletedAt: now - 50 * DAY },
      { id: 'recent2', deletedAt: now - 29 * DAY },
      { id: 'recent3', deletedAt: now - 2 * DAY },
    ];
    expect(expiredDeletedWorkflows(deleted, now, retention).sort()).toEqual(['old1', 'old2']);
    expect(expiredDeletedWorkflows(deleted.slice(0, 2), now, retention)).toEqual([]);
    expect(expiredDeletedWorkflows([], now, retention)).toEqual([]);
  });
});
