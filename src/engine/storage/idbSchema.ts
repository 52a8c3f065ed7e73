// The IndexedDB layout, its version and the upgrade cascade. Each `if (oldVersion < n)` step
// upgrades from the step before, so a database of any older version reaches the current one.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { appendCapped, DEFAULT_MAX_LOG_LINES } from './logCap.ts';

/** Version of the database layout (object stores and indexes). */
export const SCHEMA_VERSION = 2;

/** Version of the rows' shape, stored in each row as `v`; rows of another `v` are ignored. */
export const ROW_VERSION = 1;

/** A saved workflow document (the app's autosave). */
export interface WorkflowRow {
  v: typeof ROW_VERSION;
  id: string;
  updatedAt: number;
  document: WorkflowDocument;
}

/** A run record. */
export type RunRow = RunRecord & { v: typeof ROW_VERSION };

/** The latest state of one task in one run. */
export interface TaskRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  name: string;
  state: TaskRunState;
}

/** The capped log of one task in one run. */
export interface LogRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  task: string;
  lines: LogLine[];
  dropped: number;
}

/** The current layout, for idb's typed API. */
export interface FlowWeaverDB extends DBSchema {
  workflows: { key: string; value: WorkflowRow };
  runs: {
    key: [string, string];
    value: RunRow;
    indexes: { byWorkflowStarted: [string, number] };
  };
  taskStates: { key: [string, string, string]; value: TaskRow };
  logs: { key: [string, string, string]; value: LogRow };
}

type UpgradeTx = IDBPTransaction<FlowWeaverDB, StoreNames<FlowWeaverDB>[], 'versionchange'>;

/** idb's `upgrade` callback: runs every step above the database's old version. */
export function upgradeSchema(
  db: IDBPDatabase<FlowWeaverDB>,
  oldVersion: number,
  _newVersion: number | null,
  tx: UpgradeTx,
): void {
  if (oldVersion < 1) {
    // v1: documents keyed by their id; runs and task states keyed by their ids. Rows were the
    // bare records, task rows carried their logs.
    db.createObjectStore('workflows', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: ['workflowId', 'runId'] });
    db.createObjectStore('taskStates', { keyPath: ['workflowId', 'runId', 'name'] });
  }
  if (oldVersion < 2) {
    // v2: versioned row envelopes, logs in their own capped store (rewriting a task row per log
    // line was the v1 bottleneck), and an index to list a workflow's runs by start time.
    db.createObjectStore('logs', { keyPath: ['workflowId', 'runId', 'task'] });
    tx.objectStore('runs').createIndex('byWorkflowStarted', ['workflowId', 'startedAt']);
    // Only IndexedDB requests are awaited inside, as the upgrade transaction requires; a failed
    // migration aborts it, so the old data stays as it was.
    if (oldVersion >= 1) migrateV1Rows(tx).catch(() => abortQuietly(tx));
  }
}

function abortQuietly(tx: UpgradeTx): void {
  try {
    tx.abort();
  } catch {
    // Already finished: nothing to undo.
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

async function migrateV1Rows(tx: UpgradeTx): Promise<void> {
  // Rows that do not look like v1 rows are left untouched; reading reports them later.
  const now = Date.now();
  for (let c = await tx.objectStore('workflows').openCursor(); c; c = await c.continue()) {
    const doc: unknown = c.value;
    if (isRecord(doc) && doc.format === 'flowweaver.workflow' && typeof doc.id === 'string') {
      await c.update({ v: ROW_VERSION, id: doc.id, updatedAt: now, document: doc as never });
    }
  }
  for (let c = await tx.objectStore('runs').openCursor(); c; c = await c.continue()) {
    const row: unknown = c.value;
    if (isRecord(row) && !('v' in row)) await c.update({ ...row, v: ROW_VERSION } as never);
  }
  const logs = tx.objectStore('logs');
  for (let c = await tx.objectStore('taskStates').openCursor(); c; c = await c.continue()) {
    const old: unknown = c.value;
    if (!isRecord(old) || 'v' in old) continue;
    const { workflowId, runId, logs: oldLogs, ...state } = old;
    if (typeof workflowId !== 'string' || typeof runId !== 'string') continue;
    const name = String(state.name);
    await c.update({ v: ROW_VERSION, workflowId, runId, name, state: state as never });
    if (Array.isArray(oldLogs) && oldLogs.length > 0) {
      const bucket = appendCapped(undefined, oldLogs as LogLine[], DEFAULT_MAX_LOG_LINES);
      await logs.put({ v: ROW_VERSION, workflowId, runId, task: name, ...bucket });
    }
  }
}
