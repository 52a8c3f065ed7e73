// Runs that outlive a page: the last run of the open workflow comes back after a reload (an
// interrupted one resumes by itself), other tabs mirror a run read-only, and a mirroring tab takes
// over when the runner tab dies. No React here; `useRunSession` wires it to the app.
import { copyRecord, StorageUnavailableError, type StoredRun } from '../../engine/index.ts';
import { getAppStateStore, onStorageWarning } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import { forgetRun, readLastRunId } from './activeRun.ts';
import { resumeRun } from './runAgain.ts';
import { activeRunId } from './runController.ts';
import { viewOfStoredRun } from './storedRunView.ts';
import { onRunMessage, tryRunLock, whenRunLockFree, type RunMessage } from './runChannel.ts';
import { guardedResume, lastResumeDied, showInterrupted } from './resumeGuard.ts';

/** The run this tab mirrors and waits to take over, if any. */
let watching: { runId: string; stop: AbortController } | null = null;

function stopWatching(): void {
  watching?.stop.abort();
  watching = null;
}

const openWorkflowId = () => useAppStore.getState().document.id;

/**
 * Shows the last run of `workflowId`: a finished one read-only, an interrupted one resumed here
 * (same run id, stored snapshot), or mirrored when another tab is still executing it.
 */
export function showLastRun(workflowId: string): Promise<void> {
  // One look per workflow at a time (StrictMode runs effects twice; boot and a reopen may overlap).
  let pending = looking.get(workflowId);
  if (!pending) {
    pending = lookForLastRun(workflowId).finally(() => looking.delete(workflowId));
    looking.set(workflowId, pending);
  }
  return pending;
}

const looking = new Map<string, Promise<void>>();

async function lookForLastRun(workflowId: string): Promise<void> {
  const runId = readLastRunId(workflowId);
  const { run, clearRun } = useAppStore.getState();
  if (run?.workflowId === workflowId && (run.runId === runId || run.status === 'running')) return;
  if (!runId) {
    if (run && run.workflowId !== workflowId && run.source !== 'live') clearRun();
    return;
  }
  const { store } = await getAppStateStore();
  const stored = await store.loadRun(workflowId, runId);
  if (openWorkflowId() !== workflowId) return;
  if (!stored) {
    forgetRun(workflowId, runId);
    return;
  }
  if (activeRunId() === runId) {
    // This tab runs it and another workflow was shown meanwhile: show it again, live.
    const view = viewOfStoredRun(stored, 'live');
    if (view) useAppStore.getState().showRun(view);
    return;
  }
  if (stored.run.status !== 'running') {
    // The workflow's last run, as this tab would have shown it: colours, results, Retry failed.
    const view = viewOfStoredRun(stored, 'live');
    if (view) useAppStore.getState().showRun(view);
    return;
  }
  await resumeOrMirror(stored);
}

/** Resumes an interrupted run when no other tab holds its lock; otherwise mirrors it. */
async function resumeOrMirror(stored: StoredRun): Promise<void> {
  const { runId } = stored.run;
  const resumedHere = await tryRunLock(runId, async () => {
    stopWatching();
    await resumeByItself(stored);
  });
  if (!resumedHere && activeRunId() !== runId) mirror(stored);
}

/**
 * Resumes a run nobody asked to resume (reload, take-over), unless its last such resume ended the
 * tab: then it is shown interrupted and waits for the user (see resumeGuard.ts).
 */
async function resumeByItself(stored: StoredRun): Promise<void> {
  const { runId } = stored.run;
  if (lastResumeDied(runId)) {
    // Nothing runs now: its running tasks show as stopped, the banner says why and offers Resume.
    const view = viewOfStoredRun(stored, 'live');
    if (view) {
      const tasks = copyRecord(view.tasks);
      for (const [name, state] of Object.entries(tasks))
        if (state.status === 'running' || state.status === 'retrying')
          tasks[name] = { ...state, status: 'cancelled' };
      useAppStore.getState().showRun({ ...view, status: 'cancelled', tasks });
    }
    showInterrupted(stored);
    return;
  }
  await guardedResume(runId, () => resumeRun(stored));
}

/** Shows another tab's run read-only and takes it over if that tab goes away mid-run. */
function mirror(stored: StoredRun): void {
  const view = viewOfStoredRun(stored, 'remote');
  if (view) useAppStore.getState().showRun(view);
  watchForTakeover(stored.run.workflowId, stored.run.runId);
}

function watchForTakeover(workflowId: string, runId: string): void {
  if (watching?.runId === runId) return;
  stopWatching();
  const stop = new AbortController();
  watching = { runId, stop };
  whenRunLockFree(runId, stop.signal, async () => {
    if (watching?.runId === runId) watching = null;
    if (openWorkflowId() !== workflowId || activeRunId()) return;
    const { store } = await getAppStateStore();
    const stored = await store.loadRun(workflowId, runId);
    if (!stored) return;
    // The runner tab died mid-run: this tab carries on with it (holding the lock it was given).
    if (stored.run.status === 'running') {
      await resumeByItself(stored);
      return;
    }
    const shown = useAppStore.getState().run;
    if (shown?.runId === runId && shown.status === 'running') {
      const view = viewOfStoredRun(stored, 'remote');
      if (view) useAppStore.getState().showRun(view);
    }
  });
}

/** Applies what the runner tab broadcasts to this tab's view, when it shows that workflow. */
function onMessage(message: RunMessage): void {
  const { run, showRun, applyRunEvents } = useAppStore.getState();
  if (activeRunId() || message.type === 'hello' || message.type === 'here') return;
  if (message.type === 'run-shown') {
    if (message.view.workflowId !== openWorkflowId()) return;
    showRun({ ...message.view, source: 'remote' });
    watchForTakeover(message.view.workflowId, message.view.runId);
    return;
  }
  if (run?.source === 'remote' && run.runId === message.runId) applyRunEvents(message.events);
}

const warned = new Set<string>();

/** Says clearly when runs cannot be saved; the run itself carries on in memory. */
function onWarning(warning: Error): void {
  if (warned.has(warning.message)) return;
  warned.add(warning.message);
  const { showToast } = useAppStore.getState();
  if (warning instanceof StorageUnavailableError) {
    useAppStore.setState({ storage: 'unavailable' });
    showToast({
      kind: 'error',
      message: `Run history cannot be saved (${warning.message}). The run continues in memory; a reload will lose it.`,
    });
  } else {
    showToast({ kind: 'error', message: `Storage: ${warning.message}` });
  }
}

let started = false;

/** Starts listening to other tabs and to storage warnings (once per page). */
export function startRunSession(): void {
  if (started) return;
  started = true;
  onRunMessage(onMessage);
  onStorageWarning(onWarning);
  void getAppStateStore().then(({ idb }) => {
    if (!idb) {
      useAppStore.getState().showToast({
        kind: 'error',
        message:
          'Browser storage is unavailable: runs are kept in memory only and cannot resume after a reload.',
      });
    }
  });
}
