// The app's side of a run: shows it, holds its Web Lock, hands it to the run worker (scheduler,
// executors and state store live there, off the main thread) and feeds the run slice with the
// events the worker sends in batches. Framework-free (no React): the toolbar, the boot resume and
// the cross-tab mirror call into it. Beside it: runAgain.ts (Retry failed, Run from here, resume),
// cancelRun.ts (Cancel), pageLifecycle.ts (the page leaving mid-run), storedRunView.ts.
import {
  copyRecord,
  createRunId,
  emptyRecord,
  type RunLineage,
  type RunResult,
  type TaskRunState,
  type WorkflowDocument,
} from '../../engine/index.ts';
import type { RunOutcome } from '../../runner/protocol.ts';
import { getAppStateStore, reportStorageWarning } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import type { RunSettings, RunView } from '../store/runSlice.ts';
import { rememberRun } from './activeRun.ts';
import { batchIntervalFor, createEventBridge } from './eventBridge.ts';
import { broadcastRun, tryClaimWorkflow, withRunLock } from './runChannel.ts';
import { describeOutcome } from './runMessages.ts';
import { runSubject } from '../shell/toastQueue.ts';
import { documentIdOf, executeInRunner, startRunner } from './runnerClient.ts';
import { confirmRunAllowed } from '../trust/runReview.ts';
import { connectReadyTaskSandbox, connectTaskSandbox } from './taskSandbox.ts';
import { trustOf } from '../trust/trustRecords.ts';
import { rememberParams } from '../runInputs/lastParams.ts';
import { askRunParams } from '../runInputs/runForm.ts';
import { openSecrets } from '../runInputs/secretsDialogState.ts';
import { secretsForRun } from '../runInputs/secretStore.ts';
import type { InstancesByTask } from '../store/mapInstances.ts';

/** What one execution needs. */
export interface Execution {
  document: WorkflowDocument;
  runId: string;
  /** Completed states written to the store before executing (restored by the engine). */
  seeds?: readonly TaskRunState[];
  /** Task states shown at once (restored ones, and earlier colours of tasks outside the run). */
  initialTasks?: Record<string, TaskRunState>;
  /** Instances of mapped tasks shown at once (a resume's completed ones, which it restores). */
  initialInstances?: InstancesByTask;
  executor: RunView['executor'];
  /** The caller already holds the run's Web Lock (resume, take-over). */
  lockHeld?: boolean;
  /** `runId` was just made for this run: there is no stored run to resume under it. */
  newRun?: boolean;
  /** The run this one retries (recorded on the new run; the retried run is left as it ended). */
  retryOf?: RunLineage;
  /** Parameter values (a resume leaves them out: the engine takes the recorded ones). */
  params?: Record<string, unknown>;
  /** The declared secrets' values from this browser; sent to the run worker, never recorded. */
  secrets?: Record<string, string>;
}

/** How a run ended, as the page sees it: the runner's outcome, or ended from the page. */
export type Ending = RunOutcome | { kind: 'ended-by-page' };

export interface ActiveRun {
  runId: string;
  workflowId: string;
  /** Ends the run from the page when its worker does not stop after Cancel. */
  forceEnd: (ending: Ending) => void;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

let active: ActiveRun | null = null;
/** A run start is waiting for its claim on the workflow (not running yet). */
let claiming = false;

/** A message; `workflowId` makes it one about that workflow's run (a newer one replaces it). */
export const toast = (kind: 'info' | 'error', message: string, workflowId?: string) =>
  useAppStore
    .getState()
    .showToast({ kind, message, ...(workflowId ? { subject: runSubject(workflowId) } : {}) });

/** The run this tab is executing now, if any. */
export function activeRunId(): string | null {
  return active?.runId ?? null;
}

/** @internal The run this tab is executing now, for Cancel (cancelRun.ts). */
export function activeRun(): ActiveRun | null {
  return active;
}

/** The executor options a run records, from the settings. */
export function executorOptionsOf(settings: RunSettings, kind = settings.executor) {
  return kind === 'threaded'
    ? { kind, workers: settings.workers }
    : kind === 'async'
      ? { kind, concurrency: settings.concurrency }
      : { kind };
}

/**
 * Runs `plan` in the run worker, showing it as it goes: after the review and the secrets check,
 * claiming the workflow across tabs and holding the run's Web Lock. For Run, and for runAgain.ts.
 */
export async function execute(plan: Execution): Promise<void> {
  // Every run the user starts passes the review (a workflow from a file or a link); a resume does not.
  if (!plan.lockHeld && !(await confirmRunAllowed(useAppStore.getState().document))) return;
  const secrets = secretsForRun(plan.document);
  if (!secrets.ok) {
    const list = secrets.missing.map((n) => `"${n}"`).join(', ');
    toast(
      'error',
      `Cannot run: missing secret${secrets.missing.length > 1 ? 's' : ''} ${list} — set ${secrets.missing.length > 1 ? 'them' : 'it'} in Secrets (kept in this browser only)`,
      plan.document.id,
    );
    openSecrets();
    return;
  }
  plan = { ...plan, secrets: secrets.secrets };
  if (active || claiming) {
    toast('error', 'A run is already in progress: cancel it first');
    return;
  }
  let forceEnd: (ending: Ending) => void = () => {};
  const forced = new Promise<Ending>((resolve) => (forceEnd = resolve));
  const me: ActiveRun = { runId: plan.runId, workflowId: plan.document.id, forceEnd };
  const body = () => executeHoldingLock(plan, forced);
  claiming = true;
  try {
    // The workflow is claimed before anything starts: of two tabs pressing Run at once, one runs.
    // Until it holds the claim this tab is not running anything, so it still mirrors the run
    // another tab broadcasts, as the losing tab must.
    const claimed = await tryClaimWorkflow(plan.document.id, async () => {
      claiming = false;
      active = me;
      try {
        await (plan.lockHeld ? body() : withRunLock(plan.runId, body));
      } finally {
        clearTimeout(me.cancelTimer);
        if (active === me) active = null;
      }
    });
    if (!claimed)
      toast(
        'error',
        'This workflow is already running in another tab: this tab shows that run',
        plan.document.id,
      );
  } finally {
    claiming = false;
  }
}

async function executeHoldingLock(plan: Execution, forced: Promise<Ending>): Promise<void> {
  const workflowId = plan.document.id;
  const view: RunView = {
    runId: plan.runId,
    workflowId,
    document: plan.document,
    executor: plan.executor,
    status: 'running',
    source: 'live',
    startedAt: Date.now(),
    tasks: copyRecord(plan.initialTasks),
    ...(plan.initialInstances ? { instances: plan.initialInstances } : {}),
    logs: emptyRecord(),
    droppedLogs: emptyRecord(),
    restored: [],
    ...(plan.retryOf ? { retryOf: plan.retryOf } : {}),
    ...(plan.params ? { params: plan.params } : {}),
  };
  const { store, idb } = await getAppStateStore();
  const bridge = createEventBridge((events) => {
    useAppStore.getState().applyRunEvents(events);
    broadcastRun({ type: 'run-events', workflowId, runId: plan.runId, events });
  });
  let storageTrouble = false;
  // The request goes to the run worker first, so the worker builds the workflow while this thread
  // renders the run view; its events arrive in later tasks, after `showRun` below. Task code runs
  // only in the workflow's opaque-origin sandbox (warm after the first run of the workflow).
  // The run worker loads while the sandbox does (each is a page load on a first run).
  startRunner((message) => toast('error', message));
  const start = (sandbox: { id: string; port: MessagePort }) =>
    executeInRunner(
      {
        document: plan.document,
        runId: plan.runId,
        ...(plan.newRun ? { newRun: true } : {}),
        documentId: documentIdOf(plan.document),
        executor: plan.executor,
        storage: idb ? 'indexeddb' : 'memory',
        ...(plan.seeds ? { seeds: plan.seeds } : {}),
        ...(plan.retryOf ? { retryOf: plan.retryOf } : {}),
        ...(plan.params ? { params: plan.params } : {}),
        ...(plan.secrets && Object.keys(plan.secrets).length > 0 ? { secrets: plan.secrets } : {}),
        batchMs: batchIntervalFor(plan.document.tasks.length),
        sandbox,
      },
      {
        events: (batch) => batch.forEach((event) => bridge.push(event)),
        warning: (message) => toast('error', message),
        storageWarning: (warning) => {
          storageTrouble = true;
          reportStorageWarning(warning);
        },
      },
    );
  // A warm sandbox gives its port at once: the request leaves before the run view renders.
  const policy = trustOf(workflowId).network;
  const ready = connectReadyTaskSandbox(plan.document, policy);
  const running = ready
    ? start(ready)
    : connectTaskSandbox(plan.document, policy).then(start, (error: unknown): RunOutcome => ({
        kind: 'not-started',
        message: `Cannot run: the task sandbox did not start (${error instanceof Error ? error.message : String(error)})`,
      }));
  useAppStore.getState().showRun(view);
  rememberRun(workflowId, plan.runId);
  broadcastRun({ type: 'run-shown', view });
  const outcome: Ending = await Promise.race([running, forced]);
  bridge.flush();
  if (outcome.kind === 'ended-by-page') return;
  if (outcome.kind === 'not-started') {
    settleWithoutResult(plan.runId, outcome.message);
    return;
  }
  // Without IndexedDB, or when writing to it failed mid-run, the worker kept the run (or part of
  // it) in its own memory: the page's store gets a copy of the finished run so the history has it.
  if (!idb || storageTrouble) {
    await keepInPageMemory(store, plan, outcome.result).catch(() => undefined);
  }
  toast(
    outcome.kind === 'failed' ? 'error' : 'info',
    describeOutcome(outcome.result),
    outcome.result.workflowId,
  );
}

async function keepInPageMemory(
  store: Awaited<ReturnType<typeof getAppStateStore>>['store'],
  plan: Execution,
  result: RunResult,
): Promise<void> {
  await store.saveRun({
    workflowId: result.workflowId,
    runId: result.runId,
    status: result.status,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    document: plan.document,
    executor: { kind: plan.executor.kind },
    ...(plan.retryOf ? { retryOf: plan.retryOf } : {}),
    ...(plan.params ? { params: plan.params } : {}),
    updatedAt: Date.now(),
  });
  for (const state of Object.values(result.tasks)) {
    await store.recordTask(result.workflowId, result.runId, state);
  }
  await store.flush();
}

/** The run ended before the engine produced a result (invalid code, storage, workers). */
function settleWithoutResult(runId: string, message: string): void {
  const { run, showRun } = useAppStore.getState();
  if (run?.runId === runId && run.status === 'running') {
    showRun({ ...run, status: 'failed', finishedAt: Date.now() });
  }
  toast('error', message, run?.runId === runId ? run.workflowId : undefined);
}

export const currentSettings = () => useAppStore.getState().runSettings;

/**
 * Runs the open workflow from the start, as a new run. A workflow with parameters asks for their
 * values first (the run form, pre-filled with the values it last ran with here).
 */
export async function runWorkflow(): Promise<void> {
  const { document } = useAppStore.getState();
  let params: Record<string, unknown> | undefined;
  if (document.params && document.params.length > 0) {
    const values = await askRunParams(document);
    if (values === null) return;
    rememberParams(document.id, values);
    params = values;
  }
  return execute({
    document,
    runId: createRunId(),
    newRun: true,
    executor: executorOptionsOf(currentSettings()),
    ...(params ? { params } : {}),
  });
}
