// The app's side of a run: shows it, holds its Web Lock, hands it to the run worker (scheduler,
// executors and state store live there, off the main thread) and feeds the run slice with the
// events the worker sends in batches. Framework-free (no React): the toolbar, the boot resume and
// the cross-tab mirror call into it.
import {
  copyRecord,
  createRunId,
  emptyRecord,
  instanceRecord,
  type RunLineage,
  type RunResult,
  type StoredRun,
  type TaskRunState,
  type WorkflowDocument,
} from '../../engine/index.ts';
import type { RunOutcome } from '../../runner/protocol.ts';
import { getAppStateStore, reportStorageWarning } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import type { ExecutorKind, RunSettings, RunView } from '../store/runSlice.ts';
import { rememberRun } from './activeRun.ts';
import { batchIntervalFor, createEventBridge } from './eventBridge.ts';
import { planPartialRun, retryDocument, type PartialRunMode } from './runPlan.ts';
import { broadcastRun, tryClaimWorkflow, withRunLock } from './runChannel.ts';
import { describeOutcome, formatDuration } from './runMessages.ts';
import { runSubject } from '../shell/toastQueue.ts';
import {
  cancelInRunner,
  disposeRunner,
  endRunner,
  executeInRunner,
  pageHidingInRunner,
  pageLeavingInRunner,
  pageStaysInRunner,
  startRunner,
} from './runnerClient.ts';
import { confirmRunAllowed } from '../trust/runReview.ts';
import { connectReadyTaskSandbox, connectTaskSandbox, endTaskSandbox } from './taskSandbox.ts';
import { trustOf } from '../trust/trustRecords.ts';
import { rememberParams } from '../runInputs/lastParams.ts';
import { askRunParams } from '../runInputs/runForm.ts';
import { openSecrets } from '../runInputs/secretsDialogState.ts';
import { secretsForRun } from '../runInputs/secretStore.ts';
import {
  instancesFromStored,
  type InstanceList,
  type InstancesByTask,
} from '../store/mapInstances.ts';

/** What one execution needs. */
interface Execution {
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
type Ending = RunOutcome | { kind: 'ended-by-page' };

interface ActiveRun {
  runId: string;
  workflowId: string;
  /** Ends the run from the page when its worker does not stop after Cancel. */
  forceEnd: (ending: Ending) => void;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

let active: ActiveRun | null = null;
/** A run start is waiting for its claim on the workflow (not running yet). */
let claiming = false;

/** How long Cancel waits for the run to stop before ending its worker. */
export const CANCEL_GRACE_MS = 5_000;

/** A message; `workflowId` makes it one about that workflow's run (a newer one replaces it). */
const toast = (kind: 'info' | 'error', message: string, workflowId?: string) =>
  useAppStore
    .getState()
    .showToast({ kind, message, ...(workflowId ? { subject: runSubject(workflowId) } : {}) });

/** The run this tab is executing now, if any. */
export function activeRunId(): string | null {
  return active?.runId ?? null;
}

/** The executor options a run records, from the settings. */
export function executorOptionsOf(settings: RunSettings, kind = settings.executor) {
  return kind === 'threaded'
    ? { kind, workers: settings.workers }
    : kind === 'async'
      ? { kind, concurrency: settings.concurrency }
      : { kind };
}

/** Ends the warm workers (page unload). */
export function disposeRunners(): void {
  disposeRunner();
}

/** After a beforeunload, a page still running this long later did not go away. */
const PAGE_STAYED_MS = 3_000;

// On unload the idle workers are ended. During a run they are left to die with the page: ending
// them first would fail the in-flight tasks and could record the run as failed instead of
// interrupted, and a reload must resume it.
if (typeof window !== 'undefined') {
  // A reload or a closed tab begins with beforeunload, and the browser may cancel a task's request
  // right after, before pagehide: from here on the runner holds back what the sandbox reports. A
  // page still here a moment later stayed (nothing is lost: the held reports are then taken).
  window.addEventListener('beforeunload', () => {
    if (!active) return;
    pageLeavingInRunner();
    setTimeout(pageStaysInRunner, PAGE_STAYED_MS);
  });
  window.addEventListener('pagehide', (event) => {
    if (!active) disposeRunners();
    // Going for good (not into the back/forward cache): the run stays as recorded until now, and
    // resumes on the next start; the outcomes its tasks reach while the page and its sandbox are
    // torn down (a request the browser cancelled) are not recorded.
    else if (!event.persisted) pageHidingInRunner();
  });
}

/** A run view from what the store holds for a run. */
export function viewOfStoredRun(stored: StoredRun, source: RunView['source']): RunView | null {
  const { run } = stored;
  if (!run.document) return null;
  const kind = (['threaded', 'async', 'sequential'] as const).find((k) => k === run.executor?.kind);
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    document: run.document,
    executor: { kind: kind ?? 'threaded' },
    status: run.status,
    source,
    startedAt: run.startedAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    tasks: copyRecord(stored.tasks),
    ...(stored.instances ? { instances: instancesFromStored(stored) } : {}),
    logs: emptyRecord(),
    droppedLogs: emptyRecord(),
    restored: Object.values(stored.tasks)
      .filter((t) => t.restored)
      .map((t) => t.name),
    ...(run.retryOf ? { retryOf: run.retryOf } : {}),
    ...(run.params ? { params: run.params } : {}),
  };
}

async function execute(plan: Execution): Promise<void> {
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

const currentSettings = () => useAppStore.getState().runSettings;

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

/**
 * Cancels the run this tab executes; completed results are kept. A run that has not stopped
 * CANCEL_GRACE_MS later (task code that never yields, under the Async or Sequential executor) is
 * ended with its worker, and recorded as cancelled.
 */
export function cancelRun(): void {
  const run = active;
  if (!run || run.cancelTimer !== undefined) return;
  cancelInRunner(run.runId);
  run.cancelTimer = setTimeout(() => {
    if (active !== run) return;
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

/**
 * "Retry failed": a new run linked to the shown one (Dagster's re-execution from failure): the
 * shown run's completed tasks are seeded into it as restored (never run again, their results feed
 * their downstream), and the failed, skipped and cancelled ones run with the CURRENT code of every
 * task the run had. The retried run is left as it ended, so history keeps the failure, its error
 * and its logs.
 */
export function retryFailed(): Promise<void> {
  const { run, document } = useAppStore.getState();
  if (!run || run.workflowId !== document.id) {
    toast('error', 'There is no run of this workflow to retry');
    return Promise.resolve();
  }
  const retried = retryDocument(document, run.document);
  const names = new Set(retried.tasks.map((t) => t.name));
  const seeds: TaskRunState[] = [];
  const initialTasks = emptyRecord<TaskRunState>();
  for (const [name, state] of Object.entries(run.tasks)) {
    if (state.status !== 'completed' || !names.has(name)) continue;
    // Marked restored in the new run's store too: its logs are found in the run that ran it.
    const seed = { ...state, restored: true };
    seeds.push(seed);
    initialTasks[name] = seed;
  }
  // A mapped task that did not complete runs again only for the instances that did not: the
  // completed ones are seeded too, and the engine restores them when its array was restored.
  const instances = retriedInstances(run, names);
  for (const list of Object.values(instances))
    for (const state of list) if (state) seeds.push(instanceRecord(state));
  return execute({
    document: retried,
    runId: createRunId(),
    newRun: true,
    seeds,
    initialTasks,
    initialInstances: instances,
    retryOf: retryLineage(run),
    executor: executorOptionsOf(currentSettings()),
    // The retry runs with the values the retried run had.
    ...reusedParams(retried, run.params),
  });
}

/**
 * The shown run's parameter values for a new run of `doc` (Retry failed, Run from here): those
 * `doc` still declares. A parameter declared since takes its default; one removed since is dropped.
 */
function reusedParams(
  doc: WorkflowDocument,
  values: Record<string, unknown> | undefined,
): { params?: Record<string, unknown> } {
  if (!values) return {};
  const declared = new Set((doc.params ?? []).map((p) => p.name));
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (declared.has(name)) params[name] = value;
  return { params };
}

/** The lineage of a retry of `run`: the next attempt of the chain `run` belongs to. */
export function retryLineage(run: Pick<RunView, 'runId' | 'retryOf'>): RunLineage {
  return {
    parentRunId: run.runId,
    rootRunId: run.retryOf?.rootRunId ?? run.runId,
    attempt: (run.retryOf?.attempt ?? 1) + 1,
  };
}

/**
 * The completed instances (marked restored) of the shown run's mapped tasks that did not complete
 * and are still in the retried document, by task.
 */
function retriedInstances(run: RunView, names: ReadonlySet<string>): InstancesByTask {
  const out = emptyRecord<InstanceList>();
  for (const [task, list] of Object.entries(run.instances ?? {})) {
    if (!names.has(task) || run.tasks[task]?.status === 'completed') continue;
    out[task] = list.map((state) =>
      state?.status === 'completed' ? { ...state, restored: true } : undefined,
    );
  }
  return out;
}

/**
 * "Run from here" (the task and everything downstream of it) or "Run this task" (only it), as a
 * new run whose store is seeded with the shown run's completed results of every other task.
 */
export function runPartial(taskName: string, mode: PartialRunMode): Promise<void> {
  const { run, document } = useAppStore.getState();
  const shown = run && run.workflowId === document.id ? run.tasks : emptyRecord<TaskRunState>();
  const plan = planPartialRun(document, shown, taskName, mode);
  if (!plan.ok) {
    toast('error', plan.message);
    return Promise.resolve();
  }
  const initialTasks = emptyRecord<TaskRunState>();
  const inRun = new Set(plan.document.tasks.map((t) => t.name));
  // Tasks left out of the new run keep showing what the shown run did with them.
  for (const [name, state] of Object.entries(shown))
    if (!inRun.has(name)) initialTasks[name] = state;
  for (const seed of plan.seeds) initialTasks[seed.name] = { ...seed, restored: true };
  return execute({
    document: plan.document,
    runId: createRunId(),
    newRun: true,
    seeds: plan.seeds,
    initialTasks,
    executor: executorOptionsOf(currentSettings()),
    ...reusedParams(plan.document, run?.workflowId === document.id ? run.params : undefined),
  });
}

/**
 * Resumes an interrupted run (same run id, the stored document snapshot); the caller holds the
 * run's lock. Completed tasks are restored by the engine and never run twice.
 */
export function resumeRun(stored: StoredRun): Promise<void> {
  const doc = stored.run.document;
  if (!doc) {
    toast('error', 'An interrupted run could not be resumed: its workflow snapshot is missing');
    return Promise.resolve();
  }
  const names = new Set(doc.tasks.map((t) => t.name));
  const initialTasks = emptyRecord<TaskRunState>();
  let running = 0;
  for (const state of Object.values(stored.tasks)) {
    if (!names.has(state.name)) continue;
    if (state.status === 'completed') initialTasks[state.name] = { ...state, restored: true };
    else if (state.status === 'running' || state.status === 'retrying') running++;
  }
  const restored = Object.keys(initialTasks).length;
  toast(
    'info',
    `Resumed: ${restored} task${restored === 1 ? '' : 's'} restored, ${running} running again`,
    stored.run.workflowId,
  );
  const kind = (['threaded', 'async', 'sequential'] as const).find(
    (k) => k === stored.run.executor?.kind,
  );
  return execute({
    document: doc,
    runId: stored.run.runId,
    initialTasks,
    ...(stored.instances ? { initialInstances: instancesFromStored(stored, true) } : {}),
    executor: executorOptionsOf(
      currentSettings(),
      (kind ?? currentSettings().executor) as ExecutorKind,
    ),
    lockHeld: true,
    ...(stored.run.params ? { params: stored.run.params } : {}),
    // A resumed retry is still that retry: its record keeps the link to the run it retries.
    ...(stored.run.retryOf ? { retryOf: stored.run.retryOf } : {}),
  });
}

export { formatDuration };
