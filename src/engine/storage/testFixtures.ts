// Shared records for the storage tests.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';

/** A run record started at `startedAt`. */
export function runRecord(workflowId: string, runId: string, startedAt = 1000): RunRecord {
  return { workflowId, runId, status: 'running', startedAt, updatedAt: startedAt };
}

/** A task state; completed ones carry a result and timings. */
export function taskState(
  name: string,
  status: TaskRunState['status'],
  result?: unknown,
): TaskRunState {
  const done = status === 'completed' || status === 'failed';
  return {
    name,
    status,
    attempts: status === 'pending' ? 0 : 1,
    attemptHistory:
      status === 'pending'
        ? []
        : [
            {
              attempt: 1,
              startedAt: 10,
              outcome: done ? status : 'running',
              ...(done ? { finishedAt: 15 } : {}),
            },
          ],
    ...(status === 'pending' ? {} : { startedAt: 10 }),
    ...(done ? { finishedAt: 15, durationMs: 5 } : {}),
    ...(result === undefined ? {} : { result }),
  };
}

/** A log line. */
export function logLine(message: string, ts = 1): LogLine {
  return { ts, level: 'log', message };
}

/** Collects warnings, for asserting on their codes. */
export function warnings() {
  const list: { code: string; message: string }[] = [];
  return { list, handler: (w: { code: string; message: string }) => list.push(w) };
}

/** Creates a version-1 database by hand, in the v1 layout, holding the given rows. */
export async function createV1Database(
  name: string,
  rows: { workflows?: object[]; runs?: object[]; taskStates?: object[] } = {},
): Promise<IDBPDatabase> {
  const db = await openDB(name, 1, {
    upgrade(v1) {
      v1.createObjectStore('workflows', { keyPath: 'id' });
      v1.createObjectStore('runs', { keyPath: ['workflowId', 'runId'] });
      v1.createObjectStore('taskStates', { keyPath: ['workflowId', 'runId', 'name'] });
    },
  });
  for (const [store, list] of Object.entries(rows)) {
    for (const row of list) await db.put(store, row);
  }
  return db;
}

/** Creates a version-2 database by hand, in the v2 layout, holding the given (v2-shaped) rows. */
export async function createV2Database(
  name: string,
  rows: { runs?: object[]; taskStates?: object[]; logs?: object[] } = {},
): Promise<IDBPDatabase> {
  const db = await openDB(name, 2, {
    upgrade(v2) {
      v2.createObjectStore('workflows', { keyPath: 'id' });
      const runs = v2.createObjectStore('runs', { keyPath: ['workflowId', 'runId'] });
      runs.createIndex('byWorkflowStarted', ['workflowId', 'startedAt']);
      v2.createObjectStore('taskStates', { keyPath: ['workflowId', 'runId', 'name'] });
      v2.createObjectStore('logs', { keyPath: ['workflowId', 'runId', 'task'] });
    },
  });
  for (const [store, list] of Object.entries(rows)) {
    for (const row of list) await db.put(store, row);
  }
  return db;
}

/** Creates a version-3 database by hand, in the v3 layout, holding the given (v3-shaped) rows. */
export async function createV3Database(
  name: string,
  rows: { workflows?: object[]; runs?: object[]; taskBatches?: object[] } = {},
): Promise<IDBPDatabase> {
  const db = await openDB(name, 3, {
    upgrade(v3) {
      v3.createObjectStore('workflows', { keyPath: 'id' });
      const runs = v3.createObjectStore('runs', { keyPath: ['workflowId', 'runId'] });
      runs.createIndex('byWorkflowStarted', ['workflowId', 'startedAt']);
      v3.createObjectStore('taskStates', { keyPath: ['workflowId', 'runId', 'name'] });
      v3.createObjectStore('logs', { keyPath: ['workflowId', 'runId', 'task'] });
      v3.createObjectStore('taskBatches', { keyPath: ['workflowId', 'runId', 'seq'] });
      v3.createObjectStore('logBatches', { keyPath: ['workflowId', 'runId', 'seq'] });
    },
  });
  for (const [store, list] of Object.entries(rows)) {
    for (const row of list) await db.put(store, row);
  }
  return db;
}

/** How many rows each object store holds (to check what a delete or compaction left). */
export async function rowCounts(name: string): Promise<Record<string, number>> {
  const db = await openDB(name);
  const counts: Record<string, number> = {};
  for (const store of db.objectStoreNames) counts[store] = await db.count(store);
  db.close();
  return counts;
}
