// A StateStore in one SQLite database file (Node only, through better-sqlite3): runs, task states
// and logs in three tables keyed by (workflow id, run id[, task]). Several processes may run
// different workflows against one file at once (WAL journal, a busy timeout); a file that is not
// a FlowWeaver state database, is of a newer version or stays locked is refused with a clear error.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import { DEFAULT_MAX_LOG_LINES, readableLines } from './logCap.ts';
import { assertJsonStorable } from './storable.ts';
import { BatchedStateStore, storableState } from './BatchedStateStore.ts';
import {
  consoleWarning,
  StorageRecordError,
  StorageUnavailableError,
  writeFailure,
} from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import { WriteBatcher, type WriteBatch } from './writeBatcher.ts';
import { recordFromEntries } from '../util/records.ts';
import { splitInstances } from './instanceRecords.ts';

/** The schema version this code reads and writes (`PRAGMA user_version`). */
export const SQLITE_STATE_VERSION = 1;

/** Options of `SQLiteStateStore`. */
export interface SQLiteStateStoreOptions {
  /** Receives warnings (failed writes, results left out). Default: console. */
  onWarning?: StorageWarningHandler;
  /** Log lines kept per task and run. Default 1,000. */
  maxLogLinesPerTask?: number;
  /** How long to wait for another process's lock before giving up. Default 5,000 ms. */
  busyTimeoutMs?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS runs (
    workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, started_at REAL NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (workflow_id, run_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS tasks (
    workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (workflow_id, run_id, name)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS logs (
    workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, task TEXT NOT NULL, seq INTEGER NOT NULL,
    line TEXT NOT NULL, PRIMARY KEY (workflow_id, run_id, task, seq)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS dropped_logs (
    workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, task TEXT NOT NULL, dropped INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, run_id, task)) WITHOUT ROWID;
`;
const TABLES = ['runs', 'tasks', 'logs', 'dropped_logs'];

type Statements = ReturnType<typeof prepare>;

function prepare(db: BetterSqlite3.Database) {
  return {
    putRun: db.prepare(
      'INSERT OR REPLACE INTO runs (workflow_id, run_id, started_at, record) VALUES (?, ?, ?, ?)',
    ),
    putTask: db.prepare(
      'INSERT OR REPLACE INTO tasks (workflow_id, run_id, name, state) VALUES (?, ?, ?, ?)',
    ),
    lastSeq: db.prepare(
      'SELECT MAX(seq) AS seq, COUNT(*) AS n FROM logs WHERE workflow_id = ? AND run_id = ? AND task = ?',
    ),
    addLog: db.prepare(
      'INSERT INTO logs (workflow_id, run_id, task, seq, line) VALUES (?, ?, ?, ?, ?)',
    ),
    trimLogs: db.prepare(
      'DELETE FROM logs WHERE workflow_id = ? AND run_id = ? AND task = ? AND seq <= ?',
    ),
    addDropped: db.prepare(
      `INSERT INTO dropped_logs (workflow_id, run_id, task, dropped) VALUES (?, ?, ?, ?)
       ON CONFLICT (workflow_id, run_id, task) DO UPDATE SET dropped = dropped + excluded.dropped`,
    ),
    getRun: db.prepare('SELECT record FROM runs WHERE workflow_id = ? AND run_id = ?'),
    getTasks: db.prepare('SELECT state FROM tasks WHERE workflow_id = ? AND run_id = ?'),
    listRuns: db.prepare(
      'SELECT record FROM runs WHERE workflow_id = ? ORDER BY started_at DESC, run_id',
    ),
    getLogs: db.prepare(
      'SELECT line FROM logs WHERE workflow_id = ? AND run_id = ? AND task = ? ORDER BY seq',
    ),
    getDropped: db.prepare(
      'SELECT dropped FROM dropped_logs WHERE workflow_id = ? AND run_id = ? AND task = ?',
    ),
    deletes: ['runs', 'tasks', 'logs', 'dropped_logs'].map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE workflow_id = ? AND run_id = ?`),
    ),
  };
}

/** Loads better-sqlite3 when a store is made, so importing the engine never needs it. */
function loadDriver(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new StorageUnavailableError(
      'E_STORAGE_UNAVAILABLE',
      `SQLiteStateStore needs the better-sqlite3 package (npm install better-sqlite3@12): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * A `StateStore` in an SQLite file, with the contract of `JSONStateStore`: every transition is
 * recorded (writes of one tick go in one transaction), a resume reads them back, logs are capped
 * per task. The constructor opens the file and throws `StorageRecordError` (not a FlowWeaver
 * state database, or a newer version) or `StorageUnavailableError` (`E_STORAGE_BLOCKED`: locked
 * by another process past `busyTimeoutMs`); it never changes a file it refuses.
 */
export class SQLiteStateStore extends BatchedStateStore implements StateStore {
  /** The database file. */
  readonly path: string;
  private readonly db: BetterSqlite3.Database;
  private readonly sql: Statements;
  private readonly warn: StorageWarningHandler;
  private readonly maxLogLines: number;
  protected readonly batcher: WriteBatcher;
  private readonly commitBatch: (batch: WriteBatch) => void;
  private closed = false;

  constructor(path: string, options: SQLiteStateStoreOptions = {}) {
    super();
    this.path = path;
    this.warn = options.onWarning ?? consoleWarning;
    this.maxLogLines = options.maxLogLinesPerTask ?? DEFAULT_MAX_LOG_LINES;
    const db = openWithRetry(loadDriver(), path, options.busyTimeoutMs ?? 5000);
    this.db = db;
    this.sql = prepare(db);
    this.commitBatch = db.transaction((batch: WriteBatch) => this.apply(batch));
    this.batcher = new WriteBatcher(
      async (batch) => this.commitBatch(batch),
      (error) => this.warn(writeFailure(error, 'some records were not saved.')),
    );
  }

  /** Throws `UnstorableValueError` for values that would not survive a JSON round trip. */
  assertStorable(value: unknown): void {
    assertJsonStorable(value);
  }

  /** Resolves once every record written so far is committed to the file. */
  async flush(): Promise<void> {
    await this.batcher.flush();
  }

  async loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined> {
    await this.flush();
    const row = this.sql.getRun.get(workflowId, runId) as { record: string } | undefined;
    if (!row) return undefined;
    const states = this.sql.getTasks.all(workflowId, runId) as { state: string }[];
    const tasks = states.map(({ state }) => JSON.parse(state) as TaskRunState);
    return splitInstances({
      run: JSON.parse(row.record) as RunRecord,
      tasks: recordFromEntries(tasks.map((task) => [task.name, task])),
    });
  }

  async listRuns(workflowId: string): Promise<RunRecord[]> {
    await this.flush();
    const rows = this.sql.listRuns.all(workflowId) as { record: string }[];
    return rows.map(({ record }) => JSON.parse(record) as RunRecord);
  }

  async getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]> {
    await this.flush();
    const rows = this.sql.getLogs.all(workflowId, runId, task) as { line: string }[];
    const dropped = this.sql.getDropped.get(workflowId, runId, task) as
      { dropped: number } | undefined;
    const lines = rows.map(({ line }) => JSON.parse(line) as LogLine);
    return readableLines(rows.length ? { lines, dropped: dropped?.dropped ?? 0 } : undefined);
  }

  async deleteRun(workflowId: string, runId: string): Promise<void> {
    await this.flush();
    this.db.transaction(() => {
      for (const statement of this.sql.deletes) statement.run(workflowId, runId);
    })();
  }

  /** Commits what is queued and closes the file; the store cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.db.close();
  }

  private apply(batch: WriteBatch): void {
    for (const run of batch.runs) {
      this.sql.putRun.run(run.workflowId, run.runId, run.startedAt, JSON.stringify(run));
    }
    for (const pending of batch.tasks) {
      const { workflowId, runId, state } = pending;
      const stored = storableState(pending, assertJsonStorable, this.warn);
      this.sql.putTask.run(workflowId, runId, state.name, JSON.stringify(stored));
    }
    for (const { workflowId, runId, task, lines } of batch.logs) {
      const last = this.sql.lastSeq.get(workflowId, runId, task) as {
        seq: number | null;
        n: number;
      };
      let seq = last.seq ?? 0;
      for (const line of lines)
        this.sql.addLog.run(workflowId, runId, task, ++seq, JSON.stringify(line));
      const excess = last.n + lines.length - this.maxLogLines;
      if (excess > 0) {
        // The newest lines are kept: the end of a log is what the reader of a failure needs.
        this.sql.trimLogs.run(workflowId, runId, task, seq - this.maxLogLines);
        this.sql.addDropped.run(workflowId, runId, task, excess);
      }
    }
  }
}

/**
 * Opens (and on first use creates) the state database. SQLite's busy timeout does not cover every
 * wait: when two processes open a new file at once and waiting could deadlock (one switching it to
 * WAL while the other creates the tables), SQLite returns SQLITE_BUSY at once. The whole opening
 * is then tried again, a few milliseconds later, until the busy timeout has passed.
 */
function openWithRetry(
  Driver: ReturnType<typeof loadDriver>,
  path: string,
  busyTimeoutMs: number,
): BetterSqlite3.Database {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    let db: BetterSqlite3.Database | undefined;
    try {
      db = new Driver(path, { timeout: busyTimeoutMs });
      checkSchema(db, path);
      // WAL: readers never wait for the writer, and each commit appends to the log instead of
      // rewriting pages; NORMAL sync keeps every commit across a killed process.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.transaction(() => {
        db!.exec(SCHEMA);
        db!.pragma(`user_version = ${SQLITE_STATE_VERSION}`);
      }).immediate();
      return db;
    } catch (error) {
      db?.close();
      if (!isBusy(error) || Date.now() + pause > deadline) throw openFailure(error, path);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Refuses a database that is not ours (other tables) or of a newer version; never changes it. */
function checkSchema(db: BetterSqlite3.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_STATE_VERSION) {
    throw new StorageRecordError(
      'E_STORAGE_VERSION',
      path,
      `The state database ${path} is of version ${version}, newer than this FlowWeaver reads (${SQLITE_STATE_VERSION}); it was left untouched.`,
    );
  }
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((t) => t.name);
  const foreign = tables.filter((name) => !TABLES.includes(name));
  if (version === 0 && foreign.length > 0) {
    throw new StorageRecordError(
      'E_STORAGE_CORRUPT',
      path,
      `${path} is an SQLite database but not a FlowWeaver state database (it has tables ${foreign.join(', ')}); it was left untouched.`,
    );
  }
}

/** A clear error for a file that could not be opened as a state database. */
function openFailure(error: unknown, path: string): Error {
  if (error instanceof StorageRecordError) return error;
  const code = (error as { code?: unknown }).code;
  const detail = (error as Error).message;
  if (isBusy(error)) {
    return new StorageUnavailableError(
      'E_STORAGE_BLOCKED',
      `The state database ${path} is locked by another process (${detail}); try again when it is done.`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StorageRecordError(
      'E_STORAGE_CORRUPT',
      path,
      `${path} is not a readable SQLite database (${detail}); it was left untouched.`,
      { cause: error },
    );
  }
  return new StorageUnavailableError(
    'E_STORAGE_UNAVAILABLE',
    `The state database ${path} cannot be opened (${detail}).`,
    { cause: error },
  );
}
