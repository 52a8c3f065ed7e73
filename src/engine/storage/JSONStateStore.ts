// A state store as one JSON document. In Node it lives in a file, rewritten atomically after each
// batch; in the browser (or without a path) it lives in memory, with `toJSON()` and `load(text)`
// to export and import runs. Whatever it cannot read it reports once and never overwrites.
import type { LogLine } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import { writeFileAtomic } from './jsonFile.ts';
import { parseState, serializeState } from './jsonFormat.ts';
import { openStateFile } from './jsonStateFile.ts';
import type { PreservedEntry } from './jsonFormat.ts';
import { DEFAULT_MAX_LOG_LINES, tupleKey } from './logCap.ts';
import { RecordReporter } from './recordGuards.ts';
import { RunTable } from './runTable.ts';
import { assertJsonStorable } from './storable.ts';
import { BatchedStateStore, storableState } from './BatchedStateStore.ts';
import { consoleWarning, StorageRecordError, writeFailure } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import { batchRunKeys, WriteBatcher } from './writeBatcher.ts';
import type { WriteBatch } from './writeBatcher.ts';
import { splitInstances } from './instanceRecords.ts';

/** Options of `JSONStateStore`. */
export interface JSONStateStoreOptions {
  /** Node only: the state file. Without it the store lives in memory (export with `toJSON`). */
  path?: string;
  /** Receives warnings (unreadable file or records, failed writes). Default: console. */
  onWarning?: StorageWarningHandler;
  /** Log lines kept per task and run. Default 1,000. */
  maxLogLinesPerTask?: number;
}

/** What `load(text)` took in. */
export interface LoadSummary {
  /** Runs imported (replacing runs with the same workflow and run id). */
  runs: number;
  /** Entries that could not be read (reported through `onWarning`, kept in exports). */
  ignored: number;
}

// What is stored is exactly what a JSON file would give back, in memory too.
const jsonClone = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);

/** A `StateStore` kept as a versioned JSON document (see `jsonFormat.ts`). */
export class JSONStateStore extends BatchedStateStore implements StateStore {
  /** The state file, when the store has one. */
  readonly path: string | undefined;
  private readonly warn: StorageWarningHandler;
  private readonly report: RecordReporter;
  private readonly table: RunTable;
  private readonly preserved = new Map<string, PreservedEntry>();
  protected readonly batcher: WriteBatcher;
  private loading: Promise<void> | undefined;
  /** Set when the file must not be replaced (unknown version, unreadable, not preservable). */
  private readOnlyFile = false;
  private lastWrite: Promise<void> = Promise.resolve();
  private queuedWrite: Promise<void> | undefined;
  private writeErrorCode: string | undefined;

  constructor(pathOrOptions: string | JSONStateStoreOptions = {}) {
    super();
    const options = typeof pathOrOptions === 'string' ? { path: pathOrOptions } : pathOrOptions;
    this.path = options.path;
    this.warn = options.onWarning ?? consoleWarning;
    this.report = new RecordReporter(this.warn);
    this.table = new RunTable(jsonClone, options.maxLogLinesPerTask ?? DEFAULT_MAX_LOG_LINES);
    this.batcher = new WriteBatcher(
      (batch) => this.commit(batch),
      (error) => this.warn(writeFailure(error, 'some records are kept in memory only.')),
    );
  }

  /** A memory store holding the runs of an exported text (see `toJSON`). */
  static fromJSON(text: string, options: Omit<JSONStateStoreOptions, 'path'> = {}): JSONStateStore {
    const store = new JSONStateStore(options);
    store.load(text);
    return store;
  }

  /** The store as a `flowweaver.state` document, including records not flushed yet. */
  toJSON(): string {
    const pending = this.batcher.take();
    if (pending) {
      this.apply(pending);
      void this.persist();
    }
    return serializeState(this.table, this.preserved.values());
  }

  /**
   * Imports the runs of a `flowweaver.state` text, replacing runs with the same ids. A text that
   * cannot be read is reported through `onWarning` and changes nothing.
   */
  load(text: string): LoadSummary {
    const parsed = parseState(text, 'imported state', this.report);
    if (!parsed.ok) {
      this.report.report(
        new StorageRecordError(
          parsed.code,
          'imported state',
          `Ignored imported state: ${parsed.reason}.`,
        ),
      );
      return { runs: 0, ignored: 1 };
    }
    for (const [workflowId, runId, entry] of parsed.entries) {
      this.table.put(workflowId, runId, entry);
      this.preserved.delete(tupleKey(workflowId, runId));
    }
    for (const entry of parsed.preserved) this.keepPreserved(entry, true);
    void this.persist();
    return { runs: parsed.entries.length, ignored: parsed.preserved.length };
  }

  /** Throws `UnstorableValueError` for values that would not survive a JSON round trip. */
  assertStorable(value: unknown): void {
    assertJsonStorable(value);
  }

  /** Resolves once every record is in memory and, with a path, in the file. */
  async flush(): Promise<void> {
    await this.batcher.flush();
    await this.lastWrite;
  }

  async loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined> {
    await this.ready();
    const stored = this.table.load(workflowId, runId);
    return stored && splitInstances(stored);
  }

  async listRuns(workflowId: string): Promise<RunRecord[]> {
    await this.ready();
    return this.table.list(workflowId);
  }

  async getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]> {
    await this.ready();
    return this.table.logs(workflowId, runId, task);
  }

  async deleteRun(workflowId: string, runId: string): Promise<void> {
    await this.ready();
    this.table.delete(workflowId, runId);
    this.preserved.delete(tupleKey(workflowId, runId));
    await this.persist();
  }

  private async ready(): Promise<void> {
    await this.batcher.flush();
    await this.ensureLoaded();
  }

  private async commit(batch: WriteBatch): Promise<void> {
    await this.ensureLoaded();
    this.apply(batch);
    await this.persist();
  }

  private apply(batch: WriteBatch): void {
    const tasks = batch.tasks.map((pending) => ({
      ...pending,
      state: storableState(pending, assertJsonStorable, this.warn),
    }));
    this.table.apply({ ...batch, tasks });
    for (const key of batchRunKeys(batch)) this.preserved.delete(key);
  }

  private keepPreserved(entry: PreservedEntry, replace: boolean): void {
    const key =
      entry.runId === undefined
        ? tupleKey(entry.workflowId)
        : tupleKey(entry.workflowId, entry.runId);
    if (replace || !this.preserved.has(key)) this.preserved.set(key, entry);
  }

  private ensureLoaded(): Promise<void> {
    if (this.path === undefined) return Promise.resolve();
    this.loading ??= this.loadFile(this.path);
    return this.loading;
  }

  // Never rejects: an unreadable file is reported and the store carries on in memory.
  private async loadFile(path: string): Promise<void> {
    const opened = await openStateFile(path, this.report, this.warn);
    this.readOnlyFile = !opened.writable;
    if (!opened.writable || !opened.parsed) return;
    // Records written or imported before the file was read are newer: they win.
    for (const [workflowId, runId, entry] of opened.parsed.entries) {
      if (!this.table.get(workflowId, runId)) this.table.put(workflowId, runId, entry);
    }
    for (const entry of opened.parsed.preserved) this.keepPreserved(entry, false);
  }

  /** Schedules a rewrite of the file; writes queued before it starts share it. */
  private persist(): Promise<void> {
    if (this.path === undefined) return Promise.resolve();
    const path = this.path;
    this.queuedWrite ??= this.lastWrite = this.lastWrite.then(() => {
      this.queuedWrite = undefined;
      return this.write(path);
    });
    return this.queuedWrite;
  }

  private async write(path: string): Promise<void> {
    await this.ensureLoaded();
    if (this.readOnlyFile) return;
    try {
      await writeFileAtomic(path, serializeState(this.table, this.preserved.values()));
      this.writeErrorCode = undefined;
    } catch (error) {
      const warning = writeFailure(
        error,
        `the state file ${path} was not updated (the previous version is intact); runs continue in memory.`,
      );
      if (this.writeErrorCode !== warning.code) this.warn(warning);
      this.writeErrorCode = warning.code;
    }
  }
}
