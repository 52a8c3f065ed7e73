// The browser's durable store: runs, task states and logs in IndexedDB (through idb), written in
// batches so a transition costs the scheduler nothing but a map update. When IndexedDB is
// missing, blocked or full, the affected runs carry on in memory and one warning says so.
import type { IDBPDatabase } from 'idb';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import { IdbCompactionQueue } from './IdbCompactionQueue.ts';
import { IdbConnection } from './idbConnection.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { IdbMemoryFallback } from './IdbMemoryFallback.ts';
import { readLog, readRun, readRunList } from './idbRunReads.ts';
import { commitBatch, deleteRunRows } from './idbRunWrites.ts';
import type { Durability } from './idbRunWrites.ts';
import { IdbWorkflowLibrary } from './IdbWorkflowLibrary.ts';
import type {
  DeletedWorkflow,
  DeletedWorkflowRetention,
  SavedWorkflow,
  SavedWorkflowExtras,
} from './idbWorkflows.ts';
import { appendBucket, DEFAULT_MAX_LOG_LINES, readableLines, tupleKey } from './logCap.ts';
import { RecordReporter } from './recordGuards.ts';
import { assertStructuredCloneable } from './storable.ts';
import { BatchedStateStore } from './BatchedStateStore.ts';
import { consoleWarning, writeFailure } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import { WriteBatcher } from './writeBatcher.ts';
import { recordFromEntries } from '../util/records.ts';
import type { WriteBatch } from './writeBatcher.ts';
import { splitInstances } from './instanceRecords.ts';

export { COMPACT_AFTER_LOG_LINES, COMPACT_AFTER_ROWS } from './IdbCompactionQueue.ts';

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

type Db = IDBPDatabase<FlowWeaverDB>;

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
  private readonly memory: IdbMemoryFallback;
  private readonly durability: Durability;
  private readonly compaction: IdbCompactionQueue;
  private readonly workflows: IdbWorkflowLibrary;

  constructor(options: IndexedDBStateStoreOptions = {}) {
    super();
    this.dbName = options.dbName ?? 'flowweaver';
    this.warn = options.onWarning ?? consoleWarning;
    this.cap = options.maxLogLinesPerTask ?? DEFAULT_MAX_LOG_LINES;
    this.durability = options.durability ?? 'default';
    this.report = new RecordReporter(this.warn);
    this.connection = new IdbConnection(this.dbName, this.warn);
    this.memory = new IdbMemoryFallback(this.cap);
    this.compaction = new IdbCompactionQueue(
      this.connection,
      (key) => this.memory.has(key),
      this.cap,
      this.report,
    );
    this.workflows = new IdbWorkflowLibrary(this.connection, this.report);
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
    return !this.memory.has(tupleKey(workflowId, runId));
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
    if (stored) this.compaction.countStored(workflowId, runId, stored.batchRows);
    const memory = this.memory.runs.parts(workflowId, runId);
    const run = memory?.run ?? stored?.run;
    if (!run) return undefined;
    const tasks = recordFromEntries<TaskRunState>(stored?.tasks ?? []);
    return splitInstances({ run, tasks: Object.assign(tasks, memory?.tasks) });
  }

  async listRuns(workflowId: string): Promise<RunRecord[]> {
    await this.flush();
    const byKey = new Map<string, RunRecord>();
    const stored = await this.withDb((db) => readRunList(db, workflowId, this.report));
    for (const run of [...(stored ?? []), ...this.memory.runs.list(workflowId)]) {
      byKey.set(tupleKey(run.workflowId, run.runId), run);
    }
    return [...byKey.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  async getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]> {
    await this.flush();
    const stored = await this.withDb((db) =>
      readLog(db, workflowId, runId, task, this.cap, this.report),
    );
    const memory = this.memory.runs.logBucket(workflowId, runId, task);
    return readableLines(memory ? appendBucket(stored, memory, this.cap) : stored);
  }

  async deleteRun(workflowId: string, runId: string): Promise<void> {
    await this.flush();
    this.memory.delete(workflowId, runId);
    this.compaction.forget(tupleKey(workflowId, runId));
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
  saveWorkflow(
    document: WorkflowDocument,
    options: { updatedAt?: number } & SavedWorkflowExtras = {},
  ): Promise<SavedWorkflow> {
    return this.workflows.save(document, options);
  }

  /** A saved workflow, or `undefined`. */
  getWorkflow(id: string): Promise<SavedWorkflow | undefined> {
    return this.workflows.get(id);
  }

  /** Every saved workflow, most recently saved first. */
  listWorkflows(): Promise<SavedWorkflow[]> {
    return this.workflows.list();
  }

  /**
   * Deletes a saved workflow document for good (its runs stay until deleted with `deleteRun`).
   * `trashWorkflow` keeps it restorable instead.
   */
  deleteWorkflow(id: string): Promise<void> {
    return this.workflows.delete(id);
  }

  /**
   * Moves a saved workflow to the deleted ones (restorable with `restoreWorkflow`), atomically.
   * Returns it, or `undefined` when no saved workflow has the id. Its runs stay.
   */
  trashWorkflow(
    id: string,
    options: { deletedAt?: number } = {},
  ): Promise<DeletedWorkflow | undefined> {
    return this.workflows.trash(id, options);
  }

  /**
   * Moves a deleted workflow back to the saved ones, atomically, under its id or `asId` (its
   * document then gets that id). Refuses with `WorkflowIdTakenError` when a saved workflow
   * already has the id; returns `undefined` when no deleted workflow has `id`.
   */
  restoreWorkflow(id: string, options: { asId?: string } = {}): Promise<SavedWorkflow | undefined> {
    return this.workflows.restore(id, options);
  }

  /** Every deleted workflow still kept, most recently deleted first. */
  listDeletedWorkflows(): Promise<DeletedWorkflow[]> {
    return this.workflows.listDeleted();
  }

  /** Deletes these deleted workflows for good; all of them when `ids` is omitted. */
  purgeDeletedWorkflows(ids?: readonly string[]): Promise<void> {
    return this.workflows.purgeDeleted(ids);
  }

  /**
   * Purges the deleted workflows past their retention (deleted more than 30 days ago and not
   * among the last 50, by default); returns the ids purged.
   */
  expireDeletedWorkflows(
    options: { now?: number; retention?: DeletedWorkflowRetention } = {},
  ): Promise<string[]> {
    return this.workflows.expireDeleted(options);
  }

  /** Flushes, then closes the connection (tests, or before deleting the database). */
  async close(): Promise<void> {
    await this.flush();
    await this.compaction.idle();
    this.connection.close();
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
    const durable = this.memory.applyOwn(batch);
    if (isEmpty(durable)) return;
    const db = await this.connection.get();
    if (!db) {
      this.memory.keep(durable); // the connection has already warned why
      return;
    }
    try {
      await commitBatch(db, durable, this.cap, this.durability, this.warn);
      this.compaction.countCommitted(durable);
    } catch (error) {
      // Nothing of the batch reached the database (one aborted transaction), so its runs move
      // wholly to memory; rows saved earlier stay as they were.
      const runs = this.memory.keep(durable);
      this.warn(
        writeFailure(
          error,
          `${runs} continue${runs.includes(', ') ? '' : 's'} in memory and will not survive a reload. Earlier saved records are untouched.`,
        ),
      );
    }
  }
}
