// Status counts for getWorkflowStats() and RunResult. Pure over task states.
import { TASK_STATUSES, TaskStatus } from './status.ts';
import type { WorkflowStats } from './types.ts';

/** Counts tasks by status; `retrying` counts as running (it holds the task mid-run). */
export function computeStats(
  tasks: Iterable<{ status: TaskStatus }>,
  totalTimeMs: number,
): WorkflowStats {
  const stats = emptyStats(totalTimeMs);
  if (Array.isArray(tasks)) {
    // Indexed: a for-of over 100,000 tasks allocates an iterator result per step when cold.
    const list = tasks as readonly { status: TaskStatus }[];
    for (let i = 0; i < list.length; i++) count(stats, list[i]!.status, 1);
  } else {
    for (const { status } of tasks) count(stats, status, 1);
  }
  return stats;
}

/** The same counts from status codes (indices into `TASK_STATUSES`), as a run's snapshot keeps them. */
export function computeStatsFromCodes(codes: Uint8Array, totalTimeMs: number): WorkflowStats {
  const perCode = new Int32Array(TASK_STATUSES.length);
  for (let i = 0; i < codes.length; i++) perCode[codes[i]!]!++;
  const stats = emptyStats(totalTimeMs);
  for (let code = 0; code < perCode.length; code++)
    if (perCode[code]! > 0) count(stats, TASK_STATUSES[code]!, perCode[code]!);
  return stats;
}

function emptyStats(totalTimeMs: number): WorkflowStats {
  return {
    totalTasks: 0,
    completed: 0,
    failed: 0,
    pending: 0,
    running: 0,
    skipped: 0,
    cancelled: 0,
    totalTimeMs,
  };
}

function count(stats: WorkflowStats, status: TaskStatus, by: number): void {
  stats.totalTasks += by;
  switch (status) {
    case TaskStatus.Completed:
      stats.completed += by;
      break;
    case TaskStatus.Failed:
      stats.failed += by;
      break;
    case TaskStatus.Pending:
      stats.pending += by;
      break;
    case TaskStatus.Running:
    case TaskStatus.Retrying:
      stats.running += by;
      break;
    case TaskStatus.Skipped:
      stats.skipped += by;
      break;
    case TaskStatus.Cancelled:
      stats.cancelled += by;
      break;
    default: {
      const never: never = status;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}
