// Cancel: asks the run worker to stop the run this tab executes; completed results are kept. A run
// that has not stopped CANCEL_GRACE_MS later is ended from the page with its worker and sandbox,
// shown and recorded as cancelled.
import { copyRecord, type TaskRunState } from '../../engine/index.ts';
import { getAppStateStore } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import { activeRun, toast, type ActiveRun } from './runController.ts';
import { cancelInRunner, endRunner } from './runnerClient.ts';
import { endTaskSandbox } from './taskSandbox.ts';

/** How long Cancel waits for the run to stop before ending its worker. */
export const CANCEL_GRACE_MS = 5_000;

/**
 * Cancels the run this tab executes; completed results are kept. A run that has not stopped
 * CANCEL_GRACE_MS later (task code that never yields, under the Async or Sequential executor) is
 * ended with its worker, and recorded as cancelled.
 */
export function cancelRun(): void {
  const run = activeRun();
  if (!run || run.cancelTimer !== undefined) return;
  cancelInRunner(run.runId);
  run.cancelTimer = setTimeout(() => {
    if (activeRun() !== run) return;
    endRunner();
    endTaskSandbox();
    // The view and the toolbar are free at once; the store catches up in the background.
    const tasks = markCancelled(run);
    run.forceEnd({ kind: 'ended-by-page' });
    void recordCancelled(run, tasks);
  }, CANCEL_GRACE_MS);
}

/** Shows a run ended from the page as cancelled, its running tasks too; returns those. */
function markCancelled(run: ActiveRun): TaskRunState[] {
  const finishedAt = Date.now();
  const changed: TaskRunState[] = [];
  const shown = useAppStore.getState().run;
  if (shown?.runId === run.runId) {
    const tasks = copyRecord(shown.tasks);
    for (const [name, state] of Object.entries(tasks)) {
      if (state.status !== 'running' && state.status !== 'retrying') continue;
      tasks[name] = { ...state, status: 'cancelled', finishedAt };
      changed.push(tasks[name]);
    }
    useAppStore.getState().showRun({ ...shown, status: 'cancelled', finishedAt, tasks });
  }
  toast(
    'error',
    `The run did not stop within ${CANCEL_GRACE_MS / 1000} s of Cancel (a task that never yields), so its worker was ended. Completed results are kept.`,
    run.workflowId,
  );
  return changed;
}

/** Records a run ended from the page as cancelled, with the tasks that were running. */
async function recordCancelled(run: ActiveRun, tasks: readonly TaskRunState[]): Promise<void> {
  try {
    const { store } = await getAppStateStore();
    const stored = await store.loadRun(run.workflowId, run.runId);
    const at = Date.now();
    if (stored)
      await store.saveRun({ ...stored.run, status: 'cancelled', finishedAt: at, updatedAt: at });
    for (const state of tasks) await store.recordTask(run.workflowId, run.runId, state);
    await store.flush();
  } catch {
    // Storage failed: the run shows as cancelled here; a reload finds it interrupted.
  }
}
