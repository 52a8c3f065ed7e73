// The browser's durable store: runs, task states and logs in IndexedDB (through idb), written in
// batches so a transition costs the scheduler nothing but a map update. When IndexedDB is
// missing, blocked or full, the affected runs carry on in memory and one warning says so.
import type { IDBPDatabase } from 'idb';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { IdbConnection } from './idbConnection.ts';
import { commitBatch, deleteRunRows, readLog, readRun, readRunList } from './idbRecords.ts';
import { getWorkflowRow, listWorkflowRows, putWorkflow } from './idbWorkflows.ts';
import type { SavedWorkflow } from './idbWorkflows.ts';
import { appendCapped, DEFAULT_MAX_LOG_LINES, readableLines, tupleKey } from './logCap.ts';
import { RecordReporter } from './recordGuards.ts';
import { RunTable } from './runTable.ts';
import { assertStructuredCloneable } from './storable.ts';
import {
  consoleWarning,
  StorageUnavailableError,
  UnstorableValueError,
  writeFailure,
} from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import { batchRunKeys, WriteBatcher } from './writeBatcher.ts';
import type { WriteBatch } from './writeBatcher.ts';

/** Options of `IndexedDBStateStore`. */
export interface IndexedDBStateStoreOptions {
  /** Database name; one per app (tests use a fresh one). Default `'flowweaver'`. */
  dbName?: string;
  /** Receives storage warnings (unavailable, blocked, quota, bad records). Default: console. */
  onWarning?: StorageWarningHandler;
  /** Log lines kept per task and run; older ones are dropped with a note. Default 1,000. */
  maxLogLinesPerTask?: number;
}

type Db = IDBPDatabase<FlowWeaverDB>;

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
  inMemory: (key: string) => boolean,
): [WriteBatch, WriteBatch] {
  const memory: WriteBatch = { runs: [], tasks: [], logs: [] };
  const durable: WriteBatch = { runs: [], tasks: [], logs: [] };
  const pick = (wf: string, run: string) => (inMemory(tupleKey(wf, run)) ? memory : durable);
  for (const r of batch.runs) pick(r.workflowId, r.runId).runs.push(r);
  for (const t of batch.tasks) pick(t.workflowId, t.runId).tasks.push(t);
  for (const l of batch.logs) pick(l.workflowId, l.runId).logs.push(l);
  return [memory, durable];
}

const isEmpty = (b: WriteBatch) => b.runs.length + b.tasks.length + b.logs.length === 0;

/**
 * A `StateStore` on IndexedDB, plus the app's saved workflows. Versioned schema with an upgrade
 * cascade (see `idbSchema.ts`); writes batched per microtask; `flush` makes them durable.
 */
export class IndexedDBStateStore implements StateStore {
  /** The database name in use. */
  readonly dbName: string;
  private readonly warn: StorageWarningHandler;
  private readonly report: RecordReporter;
  private readonly connection: IdbConnection;
  private readonly batcher: WriteBatcher;
  private readonly cap: number;
  /** Runs whose writes could not be persisted: they continue here, never half in the database. */
  private readonly memory: RunTable;
  private readonly inMemory = new Set<string>();

  constructor(options: IndexedDBStateStoreOptions = {}) {
    this.dbName = options.dbName ?? 'flowweaver';
    this.warn = options.onWarning ?? consoleWarning;
    this.cap = options.maxLogLinesPerTask ?? DEFAULT_MAX_LOG_LINES;
    this.report = new RecordReporter(this.warn);
    this.connection = new IdbConnection(this.dbName, this.warn);
    this.memory = new RunTable(cloneOrKeep, this.cap);
    this.batcher = new WriteBatcher(
      (batch) => this.commit(batch),
      (error) => this.warn(writeFailure(error, 'some records may be kept in memory only.')),
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

  saveRun(run: RunRecord): void {
    this.batcher.putRun(run);
  }

  recordTask(workflowId: string, runId: string, state: TaskRunState): void {
    this.batcher.putTask(workflowId, runId, state);
  }

  appendLog(workflowId: string, runId: string, task: string, line: LogLine): void {
    this.batcher.addLog(workflowId, runId, task, line);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  async loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined> {
    await this.flush();
    const stored = await this.withDb((db) => readRun(db, workflowId, runId, this.report));
    const memory = this.memory.parts(workflowId, runId);
    const run = memory?.run ?? stored?.run;
    if (!run) return undefined;
    const tasks: Record<string, TaskRunState> = Object.fromEntries(stored?.tasks ?? []);
    return { run, tasks: Object.assign(tasks, memory?.tasks) };
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
    const stored = await this.withDb((db) => readLog(db, workflowId, runId, task, this.report));
    const memory = this.memory.logBucket(workflowId, runId, task);
    if (!memory) return readableLines(stored);
    const merged = appendCapped(stored, memory.lines, this.cap);
    return readableLines({ ...merged, dropped: merged.dropped + memory.dropped });
  }

  async deleteRun(workflowId: string, runId: string): Promise<void> {
    await this.flush();
    this.memory.delete(workflowId, runId);
    this.inMemory.delete(tupleKey(workflowId, runId));
    const db = await this.connection.get();
    if (!db) return;
    try {
      await deleteRunRows(db, workflowId, runId);
    } catch (error) {
      throw writeFailure(error, `run "${runId}" was not deleted.`);
    }
  }

  /** Saves a workflow document (autosave). An older `updatedAt` never replaces a newer save. */
  async saveWorkflow(
    document: WorkflowDocument,
    options: { updatedAt?: number } = {},
  ): Promise<SavedWorkflow> {
    const db = await this.requireDb();
    try {
      return await putWorkflow(db, document, options.updatedAt ?? Date.now(), this.report);
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

  /** Deletes a saved workflow document (its runs stay until deleted with `deleteRun`). */
  async deleteWorkflow(id: string): Promise<void> {
    const db = await this.requireDb();
    await db.delete('workflows', id);
  }

  /** Flushes, then closes the connection (tests, or before deleting the database). */
  async close(): Promise<void> {
    await this.flush();
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
    const [memory, durable] = splitBatch(batch, (key) => this.inMemory.has(key));
    this.memory.apply(memory);
    if (isEmpty(durable)) return;
    const db = await this.connection.get();
    if (!db) {
      this.keepInMemory(durable); // the connection has already warned why
      return;
    }
    try {
      await commitBatch(db, durable, this.cap, this.report, (wf, run, task, error) =>
        this.warn(
          new UnstorableValueError(
            'result',
            `The result of task "${task}" (run "${run}" of workflow "${wf}") could not be stored and was left out: ${String(error)}`,
            { cause: error },
          ),
        ),
      );
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
