// Compaction of one run's rows in one readwrite IndexedDB transaction: its task batch rows merged
// into one, its log batches moved into the per-task `logs` rows. It changes how the run is
// stored, never what a reader gets. Following idb's rule, nothing but IndexedDB requests is
// awaited while the transaction is open, or it would auto-commit early.
import type { IDBPDatabase } from 'idb';
import type { TaskRunState } from '../model/types.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { checkLog, checkLogBatch, checkTaskBatch, runRange } from './idbRunRows.ts';
import { abortWrite } from './idbRunWrites.ts';
import { appendBucket } from './logCap.ts';
import type { LogBucket } from './logCap.ts';
import type { RecordReporter } from './recordGuards.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

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
        buckets.set(entry.task, appendBucket(buckets.get(entry.task), entry, cap));
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
            const bucket = appendBucket(checkLog(row, report), entry, cap);
            return logs.put({ v: ROW_VERSION, workflowId, runId, task, ...bucket });
          }),
        );
      }
    }
    await Promise.all([...ops, tx.done]);
  } catch (error) {
    await abortWrite(tx);
    throw error;
  }
}
