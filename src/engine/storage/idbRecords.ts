// Reads and writes of run data in one IndexedDB transaction each. Following idb's rule, nothing
// but IndexedDB requests is awaited while a transaction is open, or it would auto-commit early.
import type { IDBPDatabase } from 'idb';
import type { TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type { FlowWeaverDB, LogRow, TaskRow } from './idbSchema.ts';
import { appendCapped } from './logCap.ts';
import type { LogBucket } from './logCap.ts';
import { isLogLine, isRunRecord, isTaskRunState } from './recordGuards.ts';
import type { RecordReporter } from './recordGuards.ts';
import type { WriteBatch } from './writeBatcher.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

// Arrays sort after strings in IndexedDB, so [wf, run, []] bounds every [wf, run, name].
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

/** A run record and its task states as stored; bad rows are reported and left out. */
export async function readRun(
  db: Db,
  workflowId: string,
  runId: string,
  report: RecordReporter,
): Promise<{ run: RunRecord | undefined; tasks: Map<string, TaskRunState> }> {
  const tx = db.transaction(['runs', 'taskStates'], 'readonly');
  const [runRow, taskRows] = await Promise.all([
    tx.objectStore('runs').get([workflowId, runId]),
    tx.objectStore('taskStates').getAll(runRange(workflowId, runId)),
  ]);
  const run =
    runRow === undefined ? undefined : checkRun(runRow, keyText('runs', workflowId, runId), report);
  const tasks = new Map<string, TaskRunState>();
  for (const row of taskRows) {
    const state = checkTask(row, report);
    if (state) tasks.set(state.name, state);
  }
  return { run, tasks };
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

/** The stored log bucket of a task. */
export async function readLog(
  db: Db,
  workflowId: string,
  runId: string,
  task: string,
  report: RecordReporter,
): Promise<LogBucket | undefined> {
  return checkLog(await db.get('logs', [workflowId, runId, task]), report);
}

/** Deletes a run with its task states and logs, in one transaction. */
export async function deleteRunRows(db: Db, workflowId: string, runId: string): Promise<void> {
  const tx = db.transaction(['runs', 'taskStates', 'logs'], 'readwrite');
  const range = runRange(workflowId, runId);
  await Promise.all([
    tx.objectStore('runs').delete([workflowId, runId]),
    tx.objectStore('taskStates').delete(range),
    tx.objectStore('logs').delete(range),
    tx.done,
  ]);
}

function withoutResult(state: TaskRunState): TaskRunState {
  const { result: _result, ...rest } = state;
  return rest;
}

/**
 * Writes a batch in one readwrite transaction: all of it or (on abort) none of it, so a failure
 * never leaves a half-written batch or touches earlier rows. Rejects when the transaction fails.
 */
export async function commitBatch(
  db: Db,
  batch: WriteBatch,
  cap: number,
  report: RecordReporter,
  onUncloneable: (workflowId: string, runId: string, task: string, error: unknown) => void,
): Promise<void> {
  const tx = db.transaction(['runs', 'taskStates', 'logs'], 'readwrite');
  const ops: Promise<unknown>[] = [];
  try {
    const runs = tx.objectStore('runs');
    for (const run of batch.runs) ops.push(runs.put({ ...run, v: ROW_VERSION }));
    const tasks = tx.objectStore('taskStates');
    for (const { workflowId, runId, state } of batch.tasks) {
      const row: TaskRow = { v: ROW_VERSION, workflowId, runId, name: state.name, state };
      try {
        ops.push(tasks.put(row));
      } catch (error) {
        // assertStorable should have caught it; keep the transition, drop only the result.
        if ((error as { name?: unknown }).name !== 'DataCloneError') throw error;
        onUncloneable(workflowId, runId, state.name, error);
        ops.push(tasks.put({ ...row, state: withoutResult(state) }));
      }
    }
    const logs = tx.objectStore('logs');
    for (const { workflowId, runId, task, lines } of batch.logs) {
      ops.push(
        logs.get([workflowId, runId, task]).then((row) => {
          const bucket = appendCapped(checkLog(row, report), lines, cap);
          return logs.put({ v: ROW_VERSION, workflowId, runId, task, ...bucket });
        }),
      );
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
