// Reads and writes of run data in one IndexedDB transaction each. Following idb's rule, nothing
// but IndexedDB requests is awaited while a transaction is open, or it would auto-commit early.
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import type { TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type {
  FlowWeaverDB,
  LogBatchEntry,
  LogBatchRow,
  LogRow,
  TaskBatchRow,
  TaskRow,
} from './idbSchema.ts';
import { appendCapped, tupleKey } from './logCap.ts';
import type { LogBucket } from './logCap.ts';
import { isLogLine, isRunRecord, isTaskRunState } from './recordGuards.ts';
import type { RecordReporter } from './recordGuards.ts';
import type { WriteBatch } from './writeBatcher.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

// Arrays sort after strings and numbers in IndexedDB, so [wf, run, []] bounds every
// [wf, run, name] and [wf, run, seq].
function runRange(workflowId: string, runId: string): IDBKeyRange {
  return IDBKeyRange.bound([workflowId, runId], [workflowId, runId, []]);
}

const keyText = (store: string, ...parts: string[]): string => `${store} ${JSON.stringify(parts)}`;

/** True when the row is an object of the current row version; reports it otherwise. */
function versioned(row: unknown, key: string, what: string, report: RecordReporter): boolean {
  if (typeof row !== 'object' || row === null) {
    report.corrupt(key, what);
    return false;
  }
  const v = (row as { v?: unknown }).v;
  if (v === ROW_VERSION) return true;
  report.unknownVersion(key, what, v);
  return false;
}

function checkRun(row: unknown, key: string, report: RecordReporter): RunRecord | undefined {
  if (!versioned(row, key, 'run', report)) return undefined;
  if (!isRunRecord(row)) {
    report.corrupt(key, 'run');
    return undefined;
  }
  const { v: _v, ...run } = row as RunRecord & { v: number };
  return run;
}

function checkTask(row: TaskRow, report: RecordReporter): TaskRunState | undefined {
  const key = keyText('taskStates', row.workflowId, row.runId, row.name);
  if (!versioned(row, key, 'task state', report)) return undefined;
  if (!isTaskRunState(row.state) || row.state.name !== row.name) {
    report.corrupt(key, 'task state');
    return undefined;
  }
  return row.state;
}

function checkLog(row: LogRow | undefined, report: RecordReporter): LogBucket | undefined {
  if (row === undefined) return undefined;
  const key = keyText('logs', row.workflowId, row.runId, row.task);
  if (!versioned(row, key, 'task log', report)) return undefined;
  if (!Array.isArray(row.lines) || !row.lines.every(isLogLine) || typeof row.dropped !== 'number') {
    report.corrupt(key, 'task log');
    return undefined;
  }
  return { lines: row.lines, dropped: row.dropped };
}

function checkTaskBatch(
  row: TaskBatchRow,
  report: RecordReporter,
): { states: TaskRunState[]; whole: boolean } {
  const key = keyText('taskBatches', row.workflowId, row.runId, String(row.seq));
  if (!versioned(row, key, 'task batch', report)) return { states: [], whole: false };
  if (!Array.isArray(row.states)) {
    report.corrupt(key, 'task batch');
    return { states: [], whole: false };
  }
  const states = row.states.filter(isTaskRunState);
  // The good states of a partly bad row are still used; the bad ones are reported once.
  if (states.length !== row.states.length) report.corrupt(key, 'task state');
  return { states, whole: states.length === row.states.length };
}

function checkLogBatch(
  row: LogBatchRow,
  report: RecordReporter,
): { logs: LogBatchEntry[]; whole: boolean } {
  const key = keyText('logBatches', row.workflowId, row.runId, String(row.seq));
  if (!versioned(row, key, 'log batch', report)) return { logs: [], whole: false };
  if (!Array.isArray(row.logs)) {
    report.corrupt(key, 'log batch');
    return { logs: [], whole: false };
  }
  const logs = row.logs.filter(
    (e: unknown): e is LogBatchEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as LogBatchEntry).task === 'string' &&
      Array.isArray((e as LogBatchEntry).lines) &&
      (e as LogBatchEntry).lines.every(isLogLine) &&
      typeof (e as LogBatchEntry).dropped === 'number',
  );
  if (logs.length !== row.logs.length) report.corrupt(key, 'task log');
  return { logs, whole: logs.length === row.logs.length };
}

/** Appends a capped batch entry to a bucket, keeping both drop counts. */
function appendEntry(bucket: LogBucket | undefined, entry: LogBucket, cap: number): LogBucket {
  const merged = appendCapped(bucket, entry.lines, cap);
  return { lines: merged.lines, dropped: merged.dropped + entry.dropped };
}

/**
 * A run record and the latest state of each task as stored: v2 `taskStates` rows first, then
 * the run's task batches in `seq` order, a later state replacing an earlier one. Bad rows and
 * states are reported and left out.
 */
export async function readRun(
  db: Db,
  workflowId: string,
  runId: string,
  report: RecordReporter,
): Promise<{
  run: RunRecord | undefined;
  tasks: Map<string, TaskRunState>;
  /** How many task batch rows the run has (to decide on compaction). */
  batchRows: number;
}> {
  const tx = db.transaction(['runs', 'taskStates', 'taskBatches'], 'readonly');
  const range = runRange(workflowId, runId);
  const [runRow, taskRows, batchRows] = await Promise.all([
    tx.objectStore('runs').get([workflowId, runId]),
    tx.objectStore('taskStates').getAll(range),
    tx.objectStore('taskBatches').getAll(range),
  ]);
  const run =
    runRow === undefined ? undefined : checkRun(runRow, keyText('runs', workflowId, runId), report);
  const tasks = new Map<string, TaskRunState>();
  for (const row of taskRows) {
    const state = checkTask(row, report);
    if (state) tasks.set(state.name, state);
  }
  for (const row of batchRows) {
    for (const state of checkTaskBatch(row, report).states) tasks.set(state.name, state);
  }
  return { run, tasks, batchRows: batchRows.length };
}

/** The valid run records of a workflow, newest first. */
export async function readRunList(
  db: Db,
  workflowId: string,
  report: RecordReporter,
): Promise<RunRecord[]> {
  const range = IDBKeyRange.bound([workflowId, -Infinity], [workflowId, Infinity]);
  const rows = await db.getAllFromIndex('runs', 'byWorkflowStarted', range);
  const runs: RunRecord[] = [];
  for (const row of rows.reverse()) {
    const run = checkRun(row, keyText('runs', row.workflowId, row.runId), report);
    if (run) runs.push(run);
  }
  return runs;
}

/** The stored log of a task: its compacted `logs` row, then its lines in the run's log batches. */
export async function readLog(
  db: Db,
  workflowId: string,
  runId: string,
  task: string,
  cap: number,
  report: RecordReporter,
): Promise<LogBucket | undefined> {
  const tx = db.transaction(['logs', 'logBatches'], 'readonly');
  const [row, batches] = await Promise.all([
    tx.objectStore('logs').get([workflowId, runId, task]),
    tx.objectStore('logBatches').getAll(runRange(workflowId, runId)),
  ]);
  let bucket = checkLog(row, report);
  for (const batch of batches) {
    for (const entry of checkLogBatch(batch, report).logs) {
      if (entry.task === task) bucket = appendEntry(bucket, entry, cap);
    }
  }
  return bucket;
}

/** Deletes a run with its task states and logs (every layout's rows), in one transaction. */
export async function deleteRunRows(db: Db, workflowId: string, runId: string): Promise<void> {
  const tx = db.transaction(
    ['runs', 'taskStates', 'logs', 'taskBatches', 'logBatches'],
    'readwrite',
  );
  const range = runRange(workflowId, runId);
  await Promise.all([
    tx.objectStore('runs').delete([workflowId, runId]),
    tx.objectStore('taskStates').delete(range),
    tx.objectStore('logs').delete(range),
    tx.objectStore('taskBatches').delete(range),
    tx.objectStore('logBatches').delete(range),
    tx.done,
  ]);
}

function withoutResult(state: TaskRunState): TaskRunState {
  const { result: _result, ...rest } = state;
  return rest;
}

function canClone(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** One run's share of a write batch. */
interface RunPart {
  workflowId: string;
  runId: string;
  states: TaskRunState[];
  logs: LogBatchEntry[];
}

/** Groups a batch's task states and log lines by run (the batch holds one state per task). */
function byRun(batch: WriteBatch, cap: number): RunPart[] {
  const parts = new Map<string, RunPart>();
  const part = (workflowId: string, runId: string): RunPart => {
    const key = tupleKey(workflowId, runId);
    let p = parts.get(key);
    if (!p) parts.set(key, (p = { workflowId, runId, states: [], logs: [] }));
    return p;
  };
  // Batches nearly always hold one run: skip the key building while the run stays the same.
  let last: RunPart | undefined;
  for (const { workflowId, runId, state } of batch.tasks) {
    if (last?.workflowId !== workflowId || last.runId !== runId) last = part(workflowId, runId);
    last.states.push(state);
  }
  for (const { workflowId, runId, task, lines } of batch.logs) {
    part(workflowId, runId).logs.push({ task, ...appendCapped(undefined, lines, cap) });
  }
  return [...parts.values()];
}

/** The `seq` after the run's last row in a batch store (0 for the first). */
async function nextSeq<S extends 'taskBatches' | 'logBatches'>(
  store: IDBPObjectStore<FlowWeaverDB, BatchStores, S, 'readwrite'>,
  workflowId: string,
  runId: string,
): Promise<number> {
  const last = await store.openKeyCursor(runRange(workflowId, runId), 'prev');
  const seq: unknown = (last?.key as unknown[] | undefined)?.[2];
  return typeof seq === 'number' ? seq + 1 : 0;
}

type BatchStores = ('runs' | 'taskBatches' | 'logBatches')[];

/** Options of a readwrite transaction: see `IndexedDBStateStoreOptions.durability`. */
export type Durability = 'relaxed' | 'strict' | 'default';

/**
 * Writes a batch in one readwrite transaction: all of it or (on abort) none of it, so a failure
 * never leaves a half-written batch or touches earlier rows. Each run gets one task batch row
 * and one log batch row, whatever the number of tasks. Rejects when the transaction fails.
 */
export async function commitBatch(
  db: Db,
  batch: WriteBatch,
  cap: number,
  durability: Durability,
  onUncloneable: (workflowId: string, runId: string, task: string, error: unknown) => void,
): Promise<void> {
  const tx = db.transaction(['runs', 'taskBatches', 'logBatches'], 'readwrite', { durability });
  const ops: Promise<unknown>[] = [];
  try {
    const runs = tx.objectStore('runs');
    for (const run of batch.runs) ops.push(runs.put({ ...run, v: ROW_VERSION }));
    const taskBatches = tx.objectStore('taskBatches');
    const logBatches = tx.objectStore('logBatches');
    for (const { workflowId, runId, states, logs } of byRun(batch, cap)) {
      if (states.length > 0) {
        ops.push(
          nextSeq(taskBatches, workflowId, runId).then((seq) => {
            const row: TaskBatchRow = { v: ROW_VERSION, workflowId, runId, seq, states };
            try {
              return taskBatches.put(row);
            } catch (error) {
              // assertStorable should have caught it; keep the transitions, drop only the
              // results that cannot be cloned (found one by one, on this rare path only).
              if ((error as { name?: unknown }).name !== 'DataCloneError') throw error;
              const storable = states.map((state) => {
                if (canClone(state)) return state;
                onUncloneable(workflowId, runId, state.name, error);
                return withoutResult(state);
              });
              return taskBatches.put({ ...row, states: storable });
            }
          }),
        );
      }
      if (logs.length > 0) {
        ops.push(
          nextSeq(logBatches, workflowId, runId).then((seq) =>
            logBatches.put({ v: ROW_VERSION, workflowId, runId, seq, logs }),
          ),
        );
      }
    }
    await Promise.all([...ops, tx.done]);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failure itself.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}

/**
 * Merges a run's task batch rows into one and moves its log batches into the per-task `logs`
 * buckets, in one readwrite transaction (so readers see the run before or after, never half
 * way). Rows from the first one that is not wholly readable on are left as they are, so a bad
 * row is never dropped and never reordered before rows it followed.
 */
export async function compactRun(
  db: Db,
  workflowId: string,
  runId: string,
  cap: number,
  report: RecordReporter,
): Promise<void> {
  const tx = db.transaction(['taskBatches', 'logBatches', 'logs'], 'readwrite');
  const range = runRange(workflowId, runId);
  const taskBatches = tx.objectStore('taskBatches');
  const logBatches = tx.objectStore('logBatches');
  const logs = tx.objectStore('logs');
  const ops: Promise<unknown>[] = [];
  try {
    const [taskRows, logRows] = await Promise.all([
      taskBatches.getAll(range),
      logBatches.getAll(range),
    ]);

    const merged = new Map<string, TaskRunState>();
    let first: number | undefined;
    let last: number | undefined;
    for (const row of taskRows) {
      const { states, whole } = checkTaskBatch(row, report);
      if (!whole) break;
      for (const state of states) merged.set(state.name, state);
      first ??= row.seq;
      last = row.seq;
    }
    if (first !== undefined && last !== undefined && last > first) {
      const upTo = IDBKeyRange.bound(
        [workflowId, runId, first],
        [workflowId, runId, last],
        false,
        true,
      );
      ops.push(taskBatches.delete(upTo));
      const states = [...merged.values()];
      ops.push(taskBatches.put({ v: ROW_VERSION, workflowId, runId, seq: last, states }));
    }

    const buckets = new Map<string, LogBucket>();
    let lastLog: number | undefined;
    let firstLog: number | undefined;
    for (const row of logRows) {
      const { logs: entries, whole } = checkLogBatch(row, report);
      if (!whole) break;
      for (const entry of entries) {
        buckets.set(entry.task, appendEntry(buckets.get(entry.task), entry, cap));
      }
      firstLog ??= row.seq;
      lastLog = row.seq;
    }
    if (firstLog !== undefined && lastLog !== undefined) {
      ops.push(
        logBatches.delete(
          IDBKeyRange.bound([workflowId, runId, firstLog], [workflowId, runId, lastLog]),
        ),
      );
      for (const [task, entry] of buckets) {
        ops.push(
          logs.get([workflowId, runId, task]).then((row) => {
            const bucket = appendEntry(checkLog(row, report), entry, cap);
            return logs.put({ v: ROW_VERSION, workflowId, runId, task, ...bucket });
          }),
        );
      }
    }
    await Promise.all([...ops, tx.done]);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failure itself.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}
