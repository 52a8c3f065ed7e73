// The IndexedDB layout, its version and the upgrade cascade. Each `if (oldVersion < n)` step
// upgrades from the step before, so a database of any older version reaches the current one.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { appendCapped, DEFAULT_MAX_LOG_LINES } from './logCap.ts';

/** Version of the database layout (object stores and indexes). */
export const SCHEMA_VERSION = 4;

/** Version of the rows' shape, stored in each row as `v`; rows of another `v` are ignored. */
export const ROW_VERSION = 1;

/** A saved workflow document (the app's autosave). */
export interface WorkflowRow {
  v: typeof ROW_VERSION;
  id: string;
  updatedAt: number;
  document: WorkflowDocument;
  /** Where the workflow was copied from (an example, a share link), when the app says so. */
  origin?: string;
  /** The editor's layout direction for it, when the app says so. */
  layoutDirection?: 'TD' | 'LR';
}

/** A workflow the user deleted (v4): its saved row as it was, and when it was deleted. */
export interface DeletedWorkflowRow extends WorkflowRow {
  deletedAt: number;
}

/** A run record. */
export type RunRow = RunRecord & { v: typeof ROW_VERSION };

/** The latest state of one task in one run (v2 layout; read, no longer written). */
export interface TaskRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  name: string;
  state: TaskRunState;
}

/**
 * The capped log of one task in one run: written by v2 per batch, by v3 when a run's log batches
 * are compacted. Lines in `logBatches` rows of the run come after it.
 */
export interface LogRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  task: string;
  lines: LogLine[];
  dropped: number;
}

/**
 * The task states one write batch recorded for one run (the latest state per task within the
 * batch). Rows of a run are read in `seq` order and a later row's state wins; v3 writes one row
 * per run and batch instead of one per task. Compaction merges a run's rows into one.
 */
export interface TaskBatchRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  seq: number;
  states: TaskRunState[];
}

/** Log lines of one task in one batch, already capped (`dropped` counts lines cut here). */
export interface LogBatchEntry {
  task: string;
  lines: LogLine[];
  dropped: number;
}

/** The log lines one write batch appended for one run, by task; read after the run's `logs` rows. */
export interface LogBatchRow {
  v: typeof ROW_VERSION;
  workflowId: string;
  runId: string;
  seq: number;
  logs: LogBatchEntry[];
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
  taskBatches: { key: [string, string, number]; value: TaskBatchRow };
  logBatches: { key: [string, string, number]; value: LogBatchRow };
  deletedWorkflows: { key: string; value: DeletedWorkflowRow };
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
  if (oldVersion < 3) {
    // v3: task states and log lines are written as one row per run and write batch (a batch of
    // 1,000 transitions is one put, not 1,000). Nothing is migrated, so the upgrade is instant
    // however large the database: v2 `taskStates` rows stay and are read before the run's
    // batches (they are older than any batch), and `logs` rows are the per-task buckets that
    // log batches are compacted into.
    db.createObjectStore('taskBatches', { keyPath: ['workflowId', 'runId', 'seq'] });
    db.createObjectStore('logBatches', { keyPath: ['workflowId', 'runId', 'seq'] });
  }
  if (oldVersion < 4) {
    // v4: a workflow the user deletes moves here ("Recently deleted") instead of being dropped,
    // so the delete can still be undone after a reload. Keyed by the workflow's id; nothing to
    // migrate (workflows deleted before v4 are gone).
    db.createObjectStore('deletedWorkflows', { keyPath: 'id' });
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
