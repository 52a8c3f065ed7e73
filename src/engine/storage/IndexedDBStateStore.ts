// The browser's durable store: runs, task states and logs in IndexedDB (through idb), written in
// batches so a transition costs the scheduler nothing but a map update. When IndexedDB is
// missing, blocked or full, the affected runs carry on in memory and one warning says so.
import type { IDBPDatabase } from 'idb';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { IdbConnection } from './idbConnection.ts';
import {
  commitBatch,
  compactRun,
  deleteRunRows,
  readLog,
  readRun,
  readRunList,
} from './idbRecords.ts';
import type { Durability } from './idbRecords.ts';
import {
  DELETED_WORKFLOW_RETENTION,
  expireDeletedWorkflowRows,
  getWorkflowRow,
  listDeletedWorkflowRows,
  listWorkflowRows,
  purgeDeletedWorkflowRows,
  putWorkflow,
  restoreWorkflowRow,
  trashWorkflowRow,
  WorkflowIdTakenError,
} from './idbWorkflows.ts';
import type {
  DeletedWorkflow,
  DeletedWorkflowRetention,
  SavedWorkflow,
  SavedWorkflowExtras,
} from './idbWorkflows.ts';
import { appendCapped, DEFAULT_MAX_LOG_LINES, readableLines, tupleKey } from './logCap.ts';
import { RecordReporter } from './recordGuards.ts';
import { RunTable } from './runTable.ts';
import { assertStructuredCloneable } from './storable.ts';
import { BatchedStateStore } from './BatchedStateStore.ts';
import {
  consoleWarning,
  StorageUnavailableError,
  UnstorableValueError,
  writeFailure,
} from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import { batchRunKeys, WriteBatcher } from './writeBatcher.ts';
import { recordFromEntries } from '../util/records.ts';
import type { WriteBatch } from './writeBatcher.ts';
import { splitInstances } from './instanceRecords.ts';

/** Options of `IndexedDBStateStore`. */
export interface IndexedDBStateStoreOptions {
  /** Database name; one per app (tests use a fresh one). Default `'flowweaver'`. */
  dbName?: string;
  /** Receives storage warnings (unavailable, blocked, quota, bad records). Default: console. */
  onWarning?: StorageWarningHandler;
  /** Log lines kept per task and run; older ones are dropped with a note. Default 1,000. */
  maxLogLinesPerTask?: number;
  /**
   * Durability hint of the write transactions. Default `'default'` (the browser's own choice);
   * `'strict'` waits for the disk; `'relaxed'` may lose the last commits on an operating-system
   * crash or power loss (never on a reload, a closed tab or a crashed browser).
   */
  durability?: Durability;
  /**
   * Least time between two commits (default 0: the next commit starts when the previous one
   * ends). Completed work reaches the database at most this much later; `flush` never waits.
   */
  commitIntervalMs?: number;
}

/** A run's batch rows are merged once this many were written since its last compaction. */
export const COMPACT_AFTER_ROWS = 32;
/** A finished run with at least this many batch rows is compacted (fewer: reading is cheap). */
const COMPACT_FINISHED_AFTER_ROWS = 4;
/**
 * ... or once this many log lines were written in its log batches, as `getLogs` of one task
 * reads the run's uncompacted log batches whole.
 */
export const COMPACT_AFTER_LOG_LINES = 5000;

type Db = IDBPDatabase<FlowWeaverDB>;

// Only for runs kept in memory: the table hands its values to callers, and results are shared
// with the tasks that produced them. Runs in IndexedDB need no copy: `put` clones.
function cloneOrKeep<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Splits a batch by a predicate on its run key. */
function splitBatch(
  batch: WriteBatch,
  inMemory: Set<string>,
): [WriteBatch | undefined, WriteBatch] {
  if (inMemory.size === 0) return [undefined, batch];
  const memory: WriteBatch = { runs: [], tasks: [], logs: [] };
  const durable: WriteBatch = { runs: [], tasks: [], logs: [] };
  const pick = (wf: string, run: string) => (inMemory.has(tupleKey(wf, run)) ? memory : durable);
  for (const r of batch.runs) pick(r.workflowId, r.runId).runs.push(r);
  for (const t of batch.tasks) pick(t.workflowId, t.runId).tasks.push(t);
  for (const l of batch.logs) pick(l.workflowId, l.runId).logs.push(l);
  return [memory, durable];
}

const logRunKeys = (b: WriteBatch) => batchRunKeys({ runs: [], tasks: [], logs: b.logs });

const isEmpty = (b: WriteBatch) => b.runs.length + b.tasks.length + b.logs.length === 0;

/**
 * A `StateStore` on IndexedDB, plus the app's saved workflows. Versioned schema with an upgrade
 * cascade (see `idbSchema.ts`); writes batched per microtask; `flush` makes them durable.
 */
export class IndexedDBStateStore extends BatchedStateStore implements StateStore {
  /** The database name in use. */
  readonly dbName: string;
  private readonly warn: StorageWarningHandler;
  private readonly report: RecordReporter;
  private readonly connection: IdbConnection;
  protected readonly batcher: WriteBatcher;
  private readonly cap: number;
  /** Runs whose writes could not be persisted: they continue here, never half in the database. */
  private readonly memory: RunTable;
  private readonly inMemory = new Set<string>();
  private readonly durability: Durability;
  /** Batch rows written per run (by `tupleKey`) since its last known compaction. */
  private readonly uncompacted = new Map<string, number>();
  /** Log lines written per run in batch rows since its last known compaction. */
  private readonly uncompactedLines = new Map<string, number>();
  /** Runs waiting for compaction, and the compaction under way. */
  private readonly toCompact = new Set<string>();
  private compacting: Promise<void> | undefined;

  constructor(options: IndexedDBStateStoreOptions = {}) {
    super();
    this.dbName = options.dbName ?? 'flowweaver';
    this.warn = options.onWarning ?? consoleWarning;
    this.cap = options.maxLogLinesPerTask ?? DEFAULT_MAX_LOG_LINES;
    this.durability = options.durability ?? 'default';
    this.report = new RecordReporter(this.warn);
    this.connection = new IdbConnection(this.dbName, this.warn);
    this.memory = new RunTable(cloneOrKeep, this.cap);
    this.batcher = new WriteBatcher(
      (batch) => this.commit(batch),
      (error) => this.warn(writeFailure(error, 'some records may be kept in memory only.')),
      options.commitIntervalMs ?? 0,
    );
  }

  /** Resolves once the database is open; rejects with `StorageUnavailableError` when it cannot be. */
  ready(): Promise<void> {
    return this.connection.ready();
  }

  /** True when the run's records are in IndexedDB; false when it fell back to memory. */
  isPersisted(workflowId: string, runId: string): boolean {
    return !this.inMemory.has(tupleKey(workflowId, runId));
  }

  /** Throws `UnstorableValueError` for values IndexedDB cannot structured-clone. */
  assertStorable(value: unknown): void {
    assertStructuredCloneable(value);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /**
   * Commits every queued write now and records nothing after it: for a page that is going away,
   * where what its tasks do next (a request the browser cancels, a timer) is not their outcome.
   */
  seal(): Promise<void> {
    return this.batcher.seal();
  }

  async loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined> {
    await this.flush();
    const stored = await this.withDb((db) => readRun(db, workflowId, runId, this.report));
    // Rows left by an earlier session count towards compaction too.
    if (stored && stored.batchRows >= COMPACT_AFTER_ROWS) {
      this.scheduleCompaction(tupleKey(workflowId, runId));
    }
    const memory = this.memory.parts(workflowId, runId);
    const run = memory?.run ?? stored?.run;
    if (!run) return undefined;
    const tasks = recordFromEntries<TaskRunState>(stored?.tasks ?? []);
    return splitInstances({ run, tasks: Object.assign(tasks, memory?.tasks) });
  }

  async listRuns(workflowId: string): Promise<RunRecord[]> {
    await this.flush();
    const byKey = new Map<string, RunRecord>();
    const stored = await this.withDb((db) => readRunList(db, workflowId, this.report));
    for (const run of [...(stored ?? []), ...this.memory.list(workflowId)]) {
      byKey.set(tupleKey(run.workflowId, run.runId), run);
    }
    return [...byKey.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  async getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]> {
    await this.flush();
    const stored = await this.withDb((db) =>
      readLog(db, workflowId, runId, task, this.cap, this.report),
    );
    const memory = this.memory.logBucket(workflowId, runId, task);
    if (!memory) return readableLines(stored);
    const merged = appendCapped(stored, memory.lines, this.cap);
    return readableLines({ ...merged, dropped: merged.dropped + memory.dropped });
  }

  async deleteRun(workflowId: string, runId: string): Promise<void> {
    await this.flush();
    this.memory.delete(workflowId, runId);
    const key = tupleKey(workflowId, runId);
    this.inMemory.delete(key);
    this.uncompacted.delete(key);
    this.uncompactedLines.delete(key);
    this.toCompact.delete(key);
    const db = await this.connection.get();
    if (!db) return;
    try {
      await deleteRunRows(db, workflowId, runId);
    } catch (error) {
      throw writeFailure(error, `run "${runId}" was not deleted.`);
    }
  }

  /**
   * Saves a workflow document (autosave). An older `updatedAt` never replaces a newer save.
   * `origin` records where the workflow was copied from, `layoutDirection` the direction the
   * editor lays it out in; a save without one keeps the stored one.
   */
  async saveWorkflow(
    document: WorkflowDocument,
    options: { updatedAt?: number } & SavedWorkflowExtras = {},
  ): Promise<SavedWorkflow> {
    const db = await this.requireDb();
    try {
      const { updatedAt = Date.now(), ...extras } = options;
      return await putWorkflow(db, document, updatedAt, this.report, extras);
    } catch (error) {
      throw writeFailure(error, `workflow "${document.name}" was not saved.`);
    }
  }

  /** A saved workflow, or `undefined`. */
  async getWorkflow(id: string): Promise<SavedWorkflow | undefined> {
    return getWorkflowRow(await this.requireDb(), id, this.report);
  }

  /** Every saved workflow, most recently saved first. */
  async listWorkflows(): Promise<SavedWorkflow[]> {
    return listWorkflowRows(await this.requireDb(), this.report);
  }

  /**
   * Deletes a saved workflow document for good (its runs stay until deleted with `deleteRun`).
   * `trashWorkflow` keeps it restorable instead.
   */
  async deleteWorkflow(id: string): Promise<void> {
    const db = await this.requireDb();
    await db.delete('workflows', id);
  }

  /**
   * Moves a saved workflow to the deleted ones (restorable with `restoreWorkflow`), atomically.
   * Returns it, or `undefined` when no saved workflow has the id. Its runs stay.
   */
  async trashWorkflow(
    id: string,
    options: { deletedAt?: number } = {},
  ): Promise<DeletedWorkflow | undefined> {
    const db = await this.requireDb();
    try {
      return await trashWorkflowRow(db, id, options.deletedAt ?? Date.now(), this.report);
    } catch (error) {
      throw writeFailure(error, `workflow "${id}" was not deleted.`);
    }
  }

  /**
   * Moves a deleted workflow back to the saved ones, atomically, under its id or `asId` (its
   * document then gets that id). Refuses with `WorkflowIdTakenError` when a saved workflow
   * already has the id; returns `undefined` when no deleted workflow has `id`.
   */
  async restoreWorkflow(
    id: string,
    options: { asId?: string } = {},
  ): Promise<SavedWorkflow | undefined> {
    const db = await this.requireDb();
    try {
      return await restoreWorkflowRow(db, id, options.asId, this.report);
    } catch (error) {
      if (error instanceof WorkflowIdTakenError) throw error;
      throw writeFailure(error, `workflow "${id}" was not restored.`);
    }
  }

  /** Every deleted workflow still kept, most recently deleted first. */
  async listDeletedWorkflows(): Promise<DeletedWorkflow[]> {
    return listDeletedWorkflowRows(await this.requireDb(), this.report);
  }

  /** Deletes these deleted workflows for good; all of them when `ids` is omitted. */
  async purgeDeletedWorkflows(ids?: readonly string[]): Promise<void> {
    const db = await this.requireDb();
    try {
      await purgeDeletedWorkflowRows(db, ids);
    } catch (error) {
      throw writeFailure(error, 'deleted workflows were not removed.');
    }
  }

  /**
   * Purges the deleted workflows past their retention (deleted more than 30 days ago and not
   * among the last 50, by default); returns the ids purged.
   */
  async expireDeletedWorkflows(
    options: { now?: number; retention?: DeletedWorkflowRetention } = {},
  ): Promise<string[]> {
    const db = await this.requireDb();
    const retention = options.retention ?? DELETED_WORKFLOW_RETENTION;
    try {
      return await expireDeletedWorkflowRows(db, options.now ?? Date.now(), retention);
    } catch (error) {
      throw writeFailure(error, 'expired deleted workflows were not removed.');
    }
  }

  /** Flushes, then closes the connection (tests, or before deleting the database). */
  async close(): Promise<void> {
    await this.flush();
    await this.compacting;
    this.connection.close();
  }

  private async requireDb(): Promise<Db> {
    const db = await this.connection.get();
    if (db) return db;
    await this.connection.ready(); // throws the reason
    throw new StorageUnavailableError('E_STORAGE_UNAVAILABLE', 'IndexedDB is not open.');
  }

  // Reads fall back to memory alone when the database cannot be read: a run must not fail
  // because its history is unreadable.
  private async withDb<T>(read: (db: Db) => Promise<T>): Promise<T | undefined> {
    const db = await this.connection.get();
    if (!db) return undefined;
    try {
      return await read(db);
    } catch (error) {
      this.warn(writeFailure(error, 'stored runs could not be read; showing what is in memory.'));
      return undefined;
    }
  }

  private async commit(batch: WriteBatch): Promise<void> {
    const [memory, durable] = splitBatch(batch, this.inMemory);
    if (memory) this.memory.apply(memory);
    if (isEmpty(durable)) return;
    const db = await this.connection.get();
    if (!db) {
      this.keepInMemory(durable); // the connection has already warned why
      return;
    }
    try {
      await commitBatch(db, durable, this.cap, this.durability, (wf, run, task, error) =>
        this.warn(
          new UnstorableValueError(
            'result',
            `The result of task "${task}" (run "${run}" of workflow "${wf}") could not be stored and was left out: ${String(error)}`,
            { cause: error },
          ),
        ),
      );
      this.countRows(durable);
    } catch (error) {
      // Nothing of the batch reached the database (one aborted transaction), so its runs move
      // wholly to memory; rows saved earlier stay as they were.
      const runs = this.keepInMemory(durable);
      this.warn(
        writeFailure(
          error,
          `${runs} continue${runs.includes(', ') ? '' : 's'} in memory and will not survive a reload. Earlier saved records are untouched.`,
        ),
      );
    }
  }

  /**
   * Counts the batch rows a committed batch added per run, and queues the runs that have enough
   * of them (or finished with a few) for compaction.
   */
  private countRows(batch: WriteBatch): void {
    // One task batch row and one log batch row per run of the batch.
    const added = new Map<string, number>();
    for (const rows of [batchRunKeys({ ...batch, runs: [], logs: [] }), logRunKeys(batch)]) {
      for (const key of rows) added.set(key, (added.get(key) ?? 0) + 1);
    }
    for (const { workflowId, runId, lines } of batch.logs) {
      const key = tupleKey(workflowId, runId);
      this.uncompactedLines.set(key, (this.uncompactedLines.get(key) ?? 0) + lines.length);
    }
    for (const [key, rows] of added) {
      const total = (this.uncompacted.get(key) ?? 0) + rows;
      this.uncompacted.set(key, total);
      const lines = this.uncompactedLines.get(key) ?? 0;
      if (total >= COMPACT_AFTER_ROWS || lines >= COMPACT_AFTER_LOG_LINES) {
        this.scheduleCompaction(key);
      }
    }
    for (const run of batch.runs) {
      if (run.finishedAt === undefined) continue;
      const key = tupleKey(run.workflowId, run.runId);
      if ((this.uncompacted.get(key) ?? 0) >= COMPACT_FINISHED_AFTER_ROWS) {
        this.scheduleCompaction(key);
      } else {
        this.uncompacted.delete(key); // a finished run is not counted on (a resume starts anew)
        this.uncompactedLines.delete(key);
      }
    }
  }

  // Compaction runs after the current task (never inside a commit, so `flush` and `execute`
  // never wait for it); its transaction lands between two commits and changes no content.
  private scheduleCompaction(key: string): void {
    this.uncompacted.delete(key);
    this.uncompactedLines.delete(key);
    this.toCompact.add(key);
    if (this.compacting) return;
    this.compacting = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(() => this.compactQueued())
      .finally(() => {
        this.compacting = undefined;
        if (this.toCompact.size > 0) this.scheduleCompaction([...this.toCompact][0]!);
      });
  }

  private async compactQueued(): Promise<void> {
    for (const key of this.toCompact) {
      this.toCompact.delete(key);
      if (this.inMemory.has(key)) continue;
      const db = await this.connection.get();
      if (!db) {
        this.toCompact.clear(); // closed or unavailable: nothing to compact in
        return;
      }
      const [workflowId, runId] = JSON.parse(key) as [string, string];
      try {
        await compactRun(db, workflowId, runId, this.cap, this.report);
      } catch {
        // Nothing changed (one aborted transaction): the rows stay readable as they are, and
        // the next rows written for the run try again.
      }
    }
  }

  /** Moves the batch's runs to memory for the rest of their life; returns them for messages. */
  private keepInMemory(batch: WriteBatch): string {
    const keys = batchRunKeys(batch);
    for (const key of keys) this.inMemory.add(key);
    this.memory.apply(batch);
    return [...keys]
      .map((key) => {
        const [workflowId, runId] = JSON.parse(key) as [string, string];
        return `run "${runId}" of workflow "${workflowId}"`;
      })
      .join(', ');
  }
}
