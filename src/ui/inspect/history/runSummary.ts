// Pure: one row of run history, and the read-only RunView a stored run opens as.
import {
  asRecord,
  emptyRecord,
  TASK_STATUSES,
  type RunRecord,
  type StoredRun,
  type TaskStatus,
  type WorkflowDocument,
} from '../../../engine/index.ts';
import type { ExecutorKind, RunView } from '../../store/runSlice.ts';
import { runDurationMs } from '../../run/durations.ts';
import { handledFailureCount } from '../../run/runMessages.ts';
import { instancesFromStored } from '../../store/mapInstances.ts';

export type StatusCounts = Record<TaskStatus, number>;

export interface RunRowSummary {
  runId: string;
  status: RunRecord['status'];
  startedAt: number;
  /** Wall time, or `undefined` while unfinished. */
  durationMs?: number;
  /** Tasks by status; `null` until the run's tasks are loaded. */
  counts: StatusCounts | null;
  /** Failures a completed run handled (its leaves decided); 0 until the tasks are loaded. */
  handledFailures: number;
}

/** Tasks by status: stored states, plus the document's tasks the run never reached (pending). */
export function countTasks(
  tasks: StoredRun['tasks'],
  document: WorkflowDocument | undefined,
): StatusCounts {
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const t of Object.values(tasks)) counts[t.status]++;
  if (document) for (const t of document.tasks) if (!Object.hasOwn(tasks, t.name)) counts.pending++;
  return counts;
}

export function summarizeRun(record: RunRecord, tasks?: StoredRun['tasks']): RunRowSummary {
  const counts = tasks ? countTasks(tasks, record.document) : null;
  return {
    runId: record.runId,
    status: record.status,
    startedAt: record.startedAt,
    ...(record.finishedAt !== undefined
      ? { durationMs: runDurationMs(record, record.finishedAt) ?? 0 }
      : {}),
    counts,
    handledFailures: handledFailureCount(record.status, counts?.failed ?? 0),
  };
}

/** Non-zero counts in palette order, e.g. `[['completed', 6], ['failed', 1]]`. */
export function nonZeroCounts(counts: StatusCounts): [TaskStatus, number][] {
  return TASK_STATUSES.filter((s) => counts[s] > 0).map((s) => [s, counts[s]]);
}

const EXECUTORS: readonly ExecutorKind[] = ['threaded', 'async', 'sequential'];

/** The RunView of a stored run, shown read-only ('history'). Logs load on demand in the drawer. */
export function runViewFromStored(stored: StoredRun, fallback: WorkflowDocument): RunView {
  const { run, tasks } = stored;
  const kind = EXECUTORS.find((k) => k === run.executor?.kind) ?? 'threaded';
  const opts = run.executor?.options ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const workers = num(opts.workers);
  const concurrency = num(opts.concurrency);
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    document: run.document ?? fallback,
    executor: {
      kind,
      ...(workers !== undefined ? { workers } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
    },
    status: run.status,
    source: 'history',
    startedAt: run.startedAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    tasks: asRecord(tasks),
    ...(stored.instances ? { instances: instancesFromStored(stored) } : {}),
    logs: emptyRecord(),
    droppedLogs: emptyRecord(),
    restored: Object.values(tasks)
      .filter((t) => t.restored)
      .map((t) => t.name),
    ...(run.retryOf ? { retryOf: run.retryOf } : {}),
    ...(run.timedOut ? { timedOut: true as const } : {}),
    ...(run.params ? { params: run.params } : {}),
  };
}
