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
  for (const { status } of tasks) {
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
  return stats;
}
