// The run rows' keys and checks: the key range of one run, the key text that names a row in a
// warning, and the checks that turn a stored row into a value (or a report and nothing). Shared by
// the reads (idbRunReads.ts), the writes (idbRunWrites.ts) and compaction (idbRunCompaction.ts).
import type { TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type { LogBatchEntry, LogBatchRow, LogRow, TaskBatchRow, TaskRow } from './idbSchema.ts';
import type { LogBucket } from './logCap.ts';
import { isLogLine, isRunRecord, isTaskRunState } from './recordGuards.ts';
import type { RecordReporter } from './recordGuards.ts';

// Arrays sort after strings and numbers in IndexedDB, so [wf, run, []] bounds every
// [wf, run, name] and [wf, run, seq].
/** The key range of every row of one run in the stores keyed by [workflowId, runId, …]. */
export function runRange(workflowId: string, runId: string): IDBKeyRange {
  return IDBKeyRange.bound([workflowId, runId], [workflowId, runId, []]);
}

/** How a warning names a row: its store and key. */
export const keyText = (store: string, ...parts: string[]): string =>
  `${store} ${JSON.stringify(parts)}`;

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

/** The run record of a `runs` row, or `undefined` (reported) when the row is bad. */
export function checkRun(row: unknown, key: string, report: RecordReporter): RunRecord | undefined {
  if (!versioned(row, key, 'run', report)) return undefined;
  if (!isRunRecord(row)) {
    report.corrupt(key, 'run');
    return undefined;
  }
  const { v: _v, ...run } = row as RunRecord & { v: number };
  return run;
}

/** The task state of a version-2 `taskStates` row, or `undefined` (reported) when it is bad. */
export function checkTask(row: TaskRow, report: RecordReporter): TaskRunState | undefined {
  const key = keyText('taskStates', row.workflowId, row.runId, row.name);
  if (!versioned(row, key, 'task state', report)) return undefined;
  if (!isTaskRunState(row.state) || row.state.name !== row.name) {
    report.corrupt(key, 'task state');
    return undefined;
  }
  return row.state;
}

/** The bucket of a compacted `logs` row, or `undefined` (reported when the row is bad). */
export function checkLog(row: LogRow | undefined, report: RecordReporter): LogBucket | undefined {
  if (row === undefined) return undefined;
  const key = keyText('logs', row.workflowId, row.runId, row.task);
  if (!versioned(row, key, 'task log', report)) return undefined;
  if (!Array.isArray(row.lines) || !row.lines.every(isLogLine) || typeof row.dropped !== 'number') {
    report.corrupt(key, 'task log');
    return undefined;
  }
  return { lines: row.lines, dropped: row.dropped };
}

/** The good task states of a `taskBatches` row, and whether the row was wholly good. */
export function checkTaskBatch(
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

/** The good entries of a `logBatches` row, and whether the row was wholly good. */
export function checkLogBatch(
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
