// The words a person reads when a run settles. Pure.
import type { RunResult, TaskRunState } from '../../engine/index.ts';
import { formatDuration, runDurationMs } from './durations.ts';

export { formatDuration };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The reason a task failed, in one line: timed out, returned something unstorable, or threw. */
export function failureReason(state: TaskRunState): string {
  const error = state.error;
  if (!error) return 'failed';
  const cause = error.cause ?? error;
  if (error.code === 'E_TIMEOUT' || cause.code === 'E_TIMEOUT') return cause.message;
  if (cause.code === 'E_NOT_STORABLE' || cause.code === 'E_NOT_CLONEABLE') {
    const what = cause.message.replace(/^Task "[^"]*" returned a value that /, 'it ');
    return `returned a result that cannot be stored: ${what}`;
  }
  return `threw: ${cause.message}`;
}

/**
 * "1 failure handled": failed tasks in a run that still completed. The leaves decide a run's
 * outcome (as in Airflow), so a failure that a `one_failed` or `all_done` leaf handled leaves the
 * run completed; the failure is still counted and shown.
 */
export function handledFailuresText(count: number): string {
  return `${plural(count, 'failure')} handled`;
}

/** How many failures a settled run handled: its failed tasks when it completed, else 0. */
export function handledFailureCount(status: string, failedTasks: number): number {
  return status === 'completed' ? failedTasks : 0;
}

/**
 * One toast for a settled run: completed (with the failures it handled), failed (which task and
 * why) or cancelled.
 */
export function describeOutcome(result: RunResult): string {
  const tasks = Object.values(result.tasks);
  const count = (status: string) => tasks.filter((t) => t.status === status).length;
  const restored = result.restored.length;
  const kept = restored > 0 ? ` (${restored} restored)` : '';
  if (result.timedOut) {
    const after = formatDuration(runDurationMs(result, result.finishedAt));
    return `Run timed out after ${after} (the workflow's timeout): ${count('cancelled')} running task${count('cancelled') === 1 ? '' : 's'} cancelled, ${count('pending')} not started, ${plural(count('completed'), 'completed result')} kept.`;
  }
  switch (result.status) {
    case 'completed': {
      const handled = handledFailureCount(result.status, count('failed'));
      const done = `${plural(count('completed'), 'task')} in ${formatDuration(runDurationMs(result, result.finishedAt))}${kept}`;
      if (handled === 0) return `Run completed: ${done}`;
      const first = tasks.find((t) => t.status === 'failed')!;
      const detail = `"${first.name}" ${failureReason(first)}`;
      return `Run completed — ${handledFailuresText(handled)}: ${done}. ${detail}${/[.!?]$/.test(detail) ? '' : '.'}`;
    }
    case 'cancelled':
      return `Run cancelled: ${plural(count('completed'), 'completed result')} kept, ${count('cancelled')} cancelled`;
    default: {
      const failed = tasks.filter((t) => t.status === 'failed');
      const first = failed[0];
      const skipped = count('skipped');
      const detail = first ? `"${first.name}" ${failureReason(first)}` : 'a task failed';
      const end = /[.!?]$/.test(detail) ? '' : '.';
      const more =
        failed.length > 1 ? ` ${plural(failed.length - 1, 'other task')} failed too.` : '';
      return `Run failed: ${detail}${end}${more} ${count('completed')} completed, ${skipped} skipped. Fix the code and use Retry failed.`;
    }
  }
}
