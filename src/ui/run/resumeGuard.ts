// Automatic resume that cannot loop. Before a run is resumed by itself (after a reload, or by a
// tab taking over from one that died), a marker says so in localStorage; the run's end removes it.
// A marker still there on the next start means the last resume never ended and the page never
// said goodbye (a reload or a closed tab does, on pagehide): the tab died during it, e.g. a task
// that exhausts memory where the browser cannot keep the sandbox out of the page's process. Such a run is not resumed again by itself: it is shown interrupted, naming the tasks
// that were running, with Resume and Discard.
import type { StoredRun } from '../../engine/index.ts';
import { getAppStateStore } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import { tryRunLock } from './runChannel.ts';
import { resumeRun } from './runAgain.ts';

const keyOf = (runId: string) => `flowweaver.resuming.${runId}`;

/** Whether an automatic resume of `runId` began and never ended (the tab died during it). */
export function lastResumeDied(runId: string): boolean {
  try {
    return localStorage.getItem(keyOf(runId)) !== null;
  } catch {
    return false;
  }
}

/**
 * Runs `resume` with the marker set; removes it once the resumed run has ended, however, or when
 * the page goes away normally (a reload mid-run resumes again, as it should).
 */
export async function guardedResume(runId: string, resume: () => Promise<void>): Promise<void> {
  try {
    localStorage.setItem(keyOf(runId), String(Date.now()));
  } catch {
    // Private mode: nothing can be remembered across a reload, and nothing can loop either.
  }
  const leaving = () => forgetResume(runId);
  window.addEventListener('pagehide', leaving);
  try {
    await resume();
  } finally {
    window.removeEventListener('pagehide', leaving);
    forgetResume(runId);
  }
}

/** Removes the marker (the run ended, or the user discarded it). */
export function forgetResume(runId: string): void {
  try {
    localStorage.removeItem(keyOf(runId));
  } catch {
    // Nothing stored.
  }
}

/** An interrupted run waiting for the user's decision. */
export interface InterruptedRun {
  stored: StoredRun;
  /** Tasks that were running when the tab died. */
  running: string[];
}

/** Shows `stored` as interrupted: its last states, running tasks marked, and the banner. */
export function showInterrupted(stored: StoredRun): InterruptedRun {
  const running = Object.values(stored.tasks)
    .filter((t) => t.status === 'running' || t.status === 'retrying')
    .map((t) => t.name);
  const interrupted = { stored, running };
  useAppStore.setState({ interruptedRun: interrupted });
  return interrupted;
}

/** "Resume": the user resumes the interrupted run (guarded again, in case it ends the tab again). */
export async function resumeInterrupted(): Promise<void> {
  const interrupted = useAppStore.getState().interruptedRun;
  if (!interrupted) return;
  useAppStore.setState({ interruptedRun: null });
  const { runId } = interrupted.stored.run;
  const held = await tryRunLock(runId, () =>
    guardedResume(runId, () => resumeRun(interrupted.stored)),
  );
  if (!held)
    useAppStore.getState().showToast({
      kind: 'error',
      message: 'Another tab is running this run: it is not resumed here',
    });
}

/** "Discard": the interrupted run is recorded as cancelled; what completed is kept. */
export async function discardInterrupted(): Promise<void> {
  const interrupted = useAppStore.getState().interruptedRun;
  if (!interrupted) return;
  useAppStore.setState({ interruptedRun: null });
  const { stored } = interrupted;
  const at = Date.now();
  const { store } = await getAppStateStore();
  await store.saveRun({ ...stored.run, status: 'cancelled', finishedAt: at, updatedAt: at });
  for (const name of interrupted.running) {
    const state = stored.tasks[name];
    if (state)
      await store.recordTask(stored.run.workflowId, stored.run.runId, {
        ...state,
        status: 'cancelled',
        finishedAt: at,
      });
  }
  await store.flush();
  forgetResume(stored.run.runId);
}
