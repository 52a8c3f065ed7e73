// The app's runner: builds a Workflow from a document, picks the executor from the run settings,
// executes it against the app's state store and feeds the run slice through the event bridge.
// Framework-free (no React): the toolbar, the boot resume and the cross-tab mirror call into it.
import {
  AsyncExecutor,
  RunCancelledError,
  SequentialExecutor,
  ThreadedExecutor,
  Workflow,
  WorkflowExecutionError,
  createRunId,
  messageOf,
  type Executor,
  type RunResult,
  type StoredRun,
  type TaskRunState,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { getAppStateStore } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import type { ExecutorKind, RunSettings, RunView } from '../store/runSlice.ts';
import { rememberRun } from './activeRun.ts';
import { createEventBridge, scheduleFor } from './eventBridge.ts';
import { planPartialRun, retryDocument, type PartialRunMode } from './runPlan.ts';
import { broadcastRun, withRunLock } from './runChannel.ts';
import { describeOutcome, formatDuration } from './runMessages.ts';

/** What one execution needs. */
interface Execution {
  document: WorkflowDocument;
  runId: string;
  /** Completed states written to the store before executing (restored by the engine). */
  seeds?: readonly TaskRunState[];
  /** Task states shown at once (restored ones, and earlier colours of tasks outside the run). */
  initialTasks?: Record<string, TaskRunState>;
  executor: RunView['executor'];
  /** The caller already holds the run's Web Lock (resume, take-over). */
  lockHeld?: boolean;
}

interface ActiveRun {
  runId: string;
  workflowId: string;
  abort: AbortController;
}

let active: ActiveRun | null = null;
let threaded: { executor: ThreadedExecutor; workers: number } | null = null;
/** Idle workers stay warm this long between runs. */
const WORKER_IDLE_MS = 10 * 60_000;

const toast = (kind: 'info' | 'error', message: string) =>
  useAppStore.getState().showToast({ kind, message });

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

function executorFor(options: RunView['executor']): Executor {
  switch (options.kind) {
    case 'sequential':
      return new SequentialExecutor();
    case 'async':
      return new AsyncExecutor({ maxConcurrent: Math.max(1, options.concurrency ?? 4) });
    default: {
      const workers = Math.max(1, options.workers ?? 2);
      if (!threaded || threaded.workers !== workers) {
        void threaded?.executor.dispose();
        threaded = {
          workers,
          executor: new ThreadedExecutor({
            maxWorkers: workers,
            idleTtlMs: WORKER_IDLE_MS,
            onWarning: (message) => toast('error', message),
          }),
        };
      }
      return threaded.executor;
    }
  }
}

/** Ends the warm workers (page unload). */
export function disposeRunners(): void {
  void threaded?.executor.dispose();
  threaded = null;
}

// On unload the idle workers are ended. During a run they are left to die with the page: ending
// them first would fail the in-flight tasks and could record the run as failed instead of
// interrupted, and a reload must resume it.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    if (!active) disposeRunners();
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
    tasks: { ...stored.tasks },
    logs: {},
    droppedLogs: {},
    restored: Object.values(stored.tasks)
      .filter((t) => t.restored)
      .map((t) => t.name),
  };
}

async function execute(plan: Execution): Promise<void> {
  if (active) {
    toast('error', 'A run is already in progress: cancel it first');
    return;
  }
  let workflow: Workflow;
  try {
    workflow = Workflow.fromDocument(plan.document);
  } catch (error) {
    toast('error', `Cannot run: ${messageOf(error)}`);
    return;
  }
  const abort = new AbortController();
  const me: ActiveRun = { runId: plan.runId, workflowId: workflow.id, abort };
  active = me;
  const body = () => executeHoldingLock(plan, workflow, abort.signal);
  try {
    await (plan.lockHeld ? body() : withRunLock(plan.runId, body));
  } finally {
    if (active === me) active = null;
  }
}

async function executeHoldingLock(
  plan: Execution,
  workflow: Workflow,
  signal: AbortSignal,
): Promise<void> {
  const app = useAppStore.getState();
  const startedAt = Date.now();
  const view: RunView = {
    runId: plan.runId,
    workflowId: workflow.id,
    document: plan.document,
    executor: plan.executor,
    status: 'running',
    source: 'live',
    startedAt,
    tasks: { ...plan.initialTasks },
    logs: {},
    droppedLogs: {},
    restored: [],
  };
  app.showRun(view);
  rememberRun(workflow.id, plan.runId);
  broadcastRun({ type: 'run-shown', view });

  let store;
  try {
    ({ store } = await getAppStateStore());
    if (plan.seeds && plan.seeds.length > 0) {
      await store.saveRun({
        workflowId: workflow.id,
        runId: plan.runId,
        status: 'running',
        startedAt,
        document: plan.document,
        executor: { kind: plan.executor.kind },
        updatedAt: startedAt,
      });
      for (const seed of plan.seeds) await store.recordTask(workflow.id, plan.runId, seed);
      await store.flush();
    }
  } catch (error) {
    settleWithoutResult(plan.runId, `Run could not start: storage failed (${messageOf(error)})`);
    return;
  }

  const bridge = createEventBridge((events) => {
    useAppStore.getState().applyRunEvents(events);
    broadcastRun({ type: 'run-events', workflowId: workflow.id, runId: plan.runId, events });
  }, scheduleFor(workflow.tasks.length));
  let result: RunResult | undefined;
  let failure: unknown;
  try {
    result = await executorFor(plan.executor).execute(workflow, {
      store,
      runId: plan.runId,
      signal,
      onEvent: (event) => bridge.push(event),
    });
  } catch (error) {
    failure = error;
  }
  bridge.flush();
  if (result) {
    toast('info', describeOutcome(result));
  } else if (failure instanceof WorkflowExecutionError || failure instanceof RunCancelledError) {
    toast(
      failure instanceof RunCancelledError ? 'info' : 'error',
      describeOutcome(failure.result as RunResult),
    );
  } else {
    settleWithoutResult(plan.runId, `Run could not start: ${messageOf(failure)}`);
  }
}

/** The run ended before the engine produced a result (invalid code, storage, workers). */
function settleWithoutResult(runId: string, message: string): void {
  const { run, showRun } = useAppStore.getState();
  if (run?.runId === runId && run.status === 'running') {
    showRun({ ...run, status: 'failed', finishedAt: Date.now() });
  }
  toast('error', message);
}

const currentSettings = () => useAppStore.getState().runSettings;

/** Runs the open workflow from the start, as a new run. */
export function runWorkflow(): Promise<void> {
  const { document } = useAppStore.getState();
  return execute({
    document,
    runId: createRunId(),
    executor: executorOptionsOf(currentSettings()),
  });
}

/** Aborts the run this tab executes; completed results are kept. */
export function cancelRun(): void {
  active?.abort.abort();
}

/**
 * "Retry failed": the same run id again, so the engine restores completed tasks and runs the
 * failed, skipped and cancelled ones, with the CURRENT code of every task the run had.
 */
export function retryFailed(): Promise<void> {
  const { run, document } = useAppStore.getState();
  if (!run || run.workflowId !== document.id) {
    toast('error', 'There is no run of this workflow to retry');
    return Promise.resolve();
  }
  const initialTasks: Record<string, TaskRunState> = {};
  for (const [name, state] of Object.entries(run.tasks)) {
    if (state.status === 'completed') initialTasks[name] = state;
  }
  return execute({
    document: retryDocument(document, run.document),
    runId: run.runId,
    initialTasks,
    executor: executorOptionsOf(currentSettings()),
  });
}

/**
 * "Run from here" (the task and everything downstream of it) or "Run this task" (only it), as a
 * new run whose store is seeded with the shown run's completed results of every other task.
 */
export function runPartial(taskName: string, mode: PartialRunMode): Promise<void> {
  const { run, document } = useAppStore.getState();
  const shown = run && run.workflowId === document.id ? run.tasks : {};
  const plan = planPartialRun(document, shown, taskName, mode);
  if (!plan.ok) {
    toast('error', plan.message);
    return Promise.resolve();
  }
  const initialTasks: Record<string, TaskRunState> = {};
  const inRun = new Set(plan.document.tasks.map((t) => t.name));
  // Tasks left out of the new run keep showing what the shown run did with them.
  for (const [name, state] of Object.entries(shown))
    if (!inRun.has(name)) initialTasks[name] = state;
  for (const seed of plan.seeds) initialTasks[seed.name] = { ...seed, restored: true };
  return execute({
    document: plan.document,
    runId: createRunId(),
    seeds: plan.seeds,
    initialTasks,
    executor: executorOptionsOf(currentSettings()),
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
  const initialTasks: Record<string, TaskRunState> = {};
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
  );
  const kind = (['threaded', 'async', 'sequential'] as const).find(
    (k) => k === stored.run.executor?.kind,
  );
  return execute({
    document: doc,
    runId: stored.run.runId,
    initialTasks,
    executor: executorOptionsOf(
      currentSettings(),
      (kind ?? currentSettings().executor) as ExecutorKind,
    ),
    lockHeld: true,
  });
}

export { formatDuration };
