// Status counts for getWorkflowStats() and RunResult. Pure over task states.
import { TaskStatus } from './status.ts';
import type { WorkflowStats } from './types.ts';

/** Counts tasks by status; `retrying` counts as running (it holds the task mid-run). */
export function computeStats(
  tasks: Iterable<{ status: TaskStatus }>,
  totalTimeMs: number,
): WorkflowStats {
  const stats: WorkflowStats = {
    totalTasks: 0,
    completed: 0,
    failed: 0,
    pending: 0,
    running: 0,
    skipped: 0,
    cancelled: 0,
    totalTimeMs,
  };
  if (Array.isArray(tasks)) {
    // Indexed: a for-of over 100,000 tasks allocates an iterator result per step when cold.
    const list = tasks as readonly { status: TaskStatus }[];
    for (let i = 0; i < list.length; i++) count(stats, list[i]!.status);
  } else {
    for (const { status } of tasks) count(stats, status);
  }
  return stats;
}

function count(stats: WorkflowStats, status: TaskStatus): void {
  stats.totalTasks++;
  switch (status) {
    case TaskStatus.Completed:
      stats.completed++;
      break;
    case TaskStatus.Failed:
      stats.failed++;
      break;
    case TaskStatus.Pending:
      stats.pending++;
      break;
    case TaskStatus.Running:
    case TaskStatus.Retrying:
      stats.running++;
      break;
    case TaskStatus.Skipped:
      stats.skipped++;
      break;
    case TaskStatus.Cancelled:
      stats.cancelled++;
      break;
    default: {
      const never: never = status;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}
