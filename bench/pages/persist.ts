// Bench page for bench/persist.bench.ts: the engine's stores in a real Chromium, driven through
// `window.persistBench` by Playwright. Timings are taken here, in the page, with performance.now().
import {
  AsyncExecutor,
  IndexedDBStateStore,
  MemoryStateStore,
  Workflow,
  type StateStore,
} from '../../src/engine/index.ts';

function noopWorkflow(name: string, n: number): Workflow {
  const wf = new Workflow(name);
  for (let i = 0; i < n; i++) wf.addTask(() => null, { name: `t${i}` });
  return wf;
}

async function timeRun(store: StateStore, n: number, runId?: string): Promise<number> {
  const wf = noopWorkflow(`persist-${n}`, n);
  const t0 = performance.now();
  await wf.execute(new AsyncExecutor(), { store, ...(runId ? { runId } : {}) });
  return performance.now() - t0;
}

let dbCounter = 0;
const freshDbName = () => `fw-bench-${Date.now()}-${dbCounter++}`;

const persistBench = {
  /** One round: the same no-op run on each store, in the given order; ms per store. */
  async overheadRound(n: number, idbFirst: boolean): Promise<{ memory: number; idb: number }> {
    const idbStore = new IndexedDBStateStore({ dbName: 'fw-bench-overhead' });
    await idbStore.ready();
    const memoryStore = new MemoryStateStore();
    let memory = 0;
    let idb = 0;
    if (idbFirst) {
      idb = await timeRun(idbStore, n);
      memory = await timeRun(memoryStore, n);
    } else {
      memory = await timeRun(memoryStore, n);
      idb = await timeRun(idbStore, n);
    }
    await idbStore.close();
    return { memory, idb };
  },

  /** Runs n tasks to completion under a fixed run id in a fresh database; returns the run's ms. */
  async seedRun(n: number): Promise<{ dbName: string; runMs: number }> {
    const dbName = freshDbName();
    const store = new IndexedDBStateStore({ dbName });
    const runMs = await timeRun(store, n, 'restore-me');
    await store.close();
    return { dbName, runMs };
  },

  /**
   * As after a reload: a new store on the seeded database, a new Workflow object, then execute()
   * with the same run id (every task restored as completed, nothing runs). Also loadRun alone.
   */
  async restore(dbName: string, n: number): Promise<{ executeMs: number; loadRunMs: number }> {
    const store = new IndexedDBStateStore({ dbName });
    const wf = noopWorkflow(`persist-${n}`, n);
    const t0 = performance.now();
    const result = await wf.execute(new AsyncExecutor(), { store, runId: 'restore-me' });
    const executeMs = performance.now() - t0;
    const restored = Object.values(result.tasks).filter((t) => t.status === 'completed').length;
    if (restored !== n) throw new Error(`expected ${n} completed tasks, got ${restored}`);
    await store.close();
    const again = new IndexedDBStateStore({ dbName });
    const t1 = performance.now();
    const stored = await again.loadRun(wf.id, 'restore-me');
    const loadRunMs = performance.now() - t1;
    if (!stored || Object.keys(stored.tasks).length !== n) throw new Error('loadRun lost tasks');
    await again.close();
    return { executeMs, loadRunMs };
  },

  /**
   * Where the IndexedDB run's extra time goes: readwrite transactions opened, put() calls and the
   * main-thread time spent inside put() (structured clone), and how long the final flush waits.
   */
  async diagnose(n: number): Promise<Record<string, number>> {
    const store = new IndexedDBStateStore({ dbName: 'fw-bench-overhead' });
    await store.ready();
    const proto = IDBDatabase.prototype;
    const putProto = IDBObjectStore.prototype;
    const originalTx = proto.transaction;
    const originalPut = putProto.put;
    let transactions = 0;
    let puts = 0;
    let putMs = 0;
    proto.transaction = function (this: IDBDatabase, ...args: Parameters<typeof originalTx>) {
      if (args[1] === 'readwrite') transactions++;
      return originalTx.apply(this, args);
    } as typeof originalTx;
    putProto.put = function (this: IDBObjectStore, ...args: Parameters<typeof originalPut>) {
      puts++;
      const t = performance.now();
      try {
        return originalPut.apply(this, args);
      } finally {
        putMs += performance.now() - t;
      }
    } as typeof originalPut;
    let flushStartedAt = 0;
    let flushMs = 0;
    const timed: StateStore = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'flush') {
          return async () => {
            flushStartedAt = performance.now();
            await target.flush();
            flushMs = performance.now() - flushStartedAt;
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const t0 = performance.now();
    try {
      await timeRun(timed, n);
    } finally {
      proto.transaction = originalTx;
      putProto.put = originalPut;
    }
    const totalMs = performance.now() - t0;
    await store.close();
    return {
      totalMs,
      beforeFlushMs: flushStartedAt - t0,
      flushMs,
      transactions,
      puts,
      putMs,
    };
  },

  async deleteDb(dbName: string): Promise<void> {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(dbName);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  },
};

Object.assign(window, { persistBench, benchReady: true });
export type PersistBench = typeof persistBench;
