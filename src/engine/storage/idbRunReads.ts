// Reads of run data, each in one readonly IndexedDB transaction: a run with its task states, a
// workflow's run list, a task's log. Following idb's rule, nothing but IndexedDB requests is
// awaited while a transaction is open, or it would auto-commit early.
import type { IDBPDatabase } from 'idb';
import type { TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import {
  checkLog,
  checkLogBatch,
  checkRun,
  checkTask,
  checkTaskBatch,
  keyText,
  runRange,
} from './idbRunRows.ts';
import { appendBucket } from './logCap.ts';
import type { LogBucket } from './logCap.ts';
import type { RecordReporter } from './recordGuards.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

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
      if (entry.task === task) bucket = appendBucket(bucket, entry, cap);
    }
  }
  return bucket;
}
