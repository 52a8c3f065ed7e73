// The run worker's logic, free of any UI: builds the Workflow from a document, picks the executor,
// records the run in the app's store and sends the engine's events to the page in batches. It runs
// in a dedicated Web Worker (runner.worker.ts), so the scheduler and in-thread task code never
// share the page's main thread with React; it also works in-thread and in Node (tests).
import {
  AsyncExecutor,
  ThreadedRunner,
  executeWithRunner,
  IndexedDBStateStore,
  mergeRepeatedDependencies,
  MemoryStateStore,
  RunCancelledError,
  SequentialExecutor,
  ThreadedExecutor,
  Workflow,
  WorkflowExecutionError,
  messageOf,
  type Executor,
  type StateStore,
  type WorkflowDocument,
} from '../engine/index.ts';
import type { RunExecutorOptions, RunOutcome, RunRequest, RunSink, RunnerApi } from './protocol.ts';
import { eventBatcher } from './eventBatcher.ts';
import { SandboxConnection } from './sandboxConnection.ts';
import { releaseSandboxPort, type SandboxHandle } from './sandboxProtocol.ts';

/** Idle task workers stay warm this long between runs. */
const WORKER_IDLE_MS = 10 * 60_000;

export interface RunnerOptions {
  /** Opens the IndexedDB store (tests pass a factory); warnings go to the run's sink. */
  openIndexedDB?: (onWarning: RunSink['storageWarning']) => Promise<StateStore>;
  /**
   * Refuse runs that come without a task sandbox (the app's run worker): task code then never
   * runs on this thread, next to the scheduler and the run records.
   */
  requireSandbox?: boolean;
}

export const NO_SANDBOX_MESSAGE =
  'Cannot run: task code runs only in the task sandbox, and none was given for this run';

/** The executors of one sandbox, kept warm between runs of its workflow. */
interface SandboxExecutors {
  id: string;
  connection: SandboxConnection;
  executors: Map<string, { executor: Executor; warm(): void; dispose(): Promise<void> }>;
}

/** An executor that runs every attempt on `runner` and records itself as `kind`. */
function sandboxedExecutor(runner: ThreadedRunner, kind: RunExecutorOptions['kind']) {
  const executor: Executor = {
    execute: (workflow, options = {}) =>
      executeWithRunner(workflow, runner, { ...options, executorKind: kind }),
  };
  return { executor, warm: () => runner.warm(), dispose: () => runner.dispose() };
}

/**
 * The run worker commits a run's records at most this often. Task code runs in the sandbox, never
 * on this thread, so a commit is never held up by a task; a completion is durable within about
 * this long (plus the commit itself), and a chain of small tasks commits ~once per interval
 * instead of once per task.
 */
const RUN_COMMIT_INTERVAL_MS = 10;

const openAppDatabase: NonNullable<RunnerOptions['openIndexedDB']> = async (onWarning) => {
  const store = new IndexedDBStateStore({ onWarning, commitIntervalMs: RUN_COMMIT_INTERVAL_MS });
  await store.ready();
  return store;
};

/**
 * The Workflow of a document. A run snapshot stored before repeated dependencies were refused
 * (a resume) runs merged.
 */
function buildWorkflow(document: WorkflowDocument): Workflow {
  return Workflow.fromDocument(mergeRepeatedDependencies(document).document);
}

export function createRunner(options: RunnerOptions = {}): RunnerApi {
  const openIndexedDB = options.openIndexedDB ?? openAppDatabase;
  const running = new Map<string, AbortController>();
  let threaded: { executor: ThreadedExecutor; workers: number } | undefined;
  let idb: Promise<StateStore> | undefined;
  /** Memory mode keeps runs for the worker's life, so "Retry failed" restores completed tasks. */
  const memory = new MemoryStateStore();
  /** Storage warnings go to the sink of the run that is going now. */
  let warnTo: RunSink | undefined;

  function storeFor(storage: RunRequest['storage']): Promise<StateStore> {
    if (storage === 'memory') return Promise.resolve(memory);
    idb ??= openIndexedDB((w) => warnTo?.storageWarning(w)).catch((error: unknown) => {
      idb = undefined;
      throw error;
    });
    return idb;
  }

  let sandboxed: SandboxExecutors | undefined;
  /** The open workflow, built and checked ahead of its run (see `RunnerApi.prepare`). */
  let prepared: { documentId: number; workflow: Workflow } | undefined;

  /** The Workflow of a request: the prepared one when it is that document, else built now. */
  function workflowOf(request: RunRequest): Workflow {
    if (
      prepared !== undefined &&
      prepared.documentId === request.documentId &&
      !prepared.workflow.running
    )
      return prepared.workflow;
    return buildWorkflow(request.document);
  }

  function closeSandbox(): void {
    const old = sandboxed;
    sandboxed = undefined;
    if (!old) return;
    for (const { dispose } of old.executors.values()) void dispose();
    old.connection.close();
  }

  /**
   * The executor for a run in a sandbox: Threaded as a pool of sandboxed workers, Async as one
   * sandboxed worker running `concurrency` attempts at once, Sequential as one running one at a
   * time. Same sandbox and settings: the same executor, its workers still warm.
   */
  function sandboxedExecutorFor(opts: RunExecutorOptions, handle: SandboxHandle) {
    if (sandboxed?.id !== handle.id || sandboxed.connection.dead) {
      closeSandbox();
      sandboxed = {
        id: handle.id,
        connection: new SandboxConnection(handle.port),
        executors: new Map(),
      };
    } else {
      // The connection made for an earlier run is still good: release this one.
      releaseSandboxPort(handle.port);
    }
    const { connection, executors } = sandboxed;
    const workers = opts.kind === 'threaded' ? Math.max(1, opts.workers ?? 2) : 1;
    const perWorker = opts.kind === 'async' ? Math.max(1, opts.concurrency ?? 4) : 1;
    const key = `${opts.kind}:${workers}:${perWorker}`;
    let entry = executors.get(key);
    if (!entry) {
      const runner = new ThreadedRunner({
        maxWorkers: workers,
        workerConcurrency: perWorker,
        idleTtlMs: WORKER_IDLE_MS,
        spawn: connection.spawner(perWorker),
        inThreadFallback: false,
      });
      entry = sandboxedExecutor(runner, opts.kind);
      executors.set(key, entry);
    }
    return entry;
  }

  function executorFor(opts: RunExecutorOptions): Executor {
    if (opts.kind === 'sequential') return new SequentialExecutor();
    if (opts.kind === 'async')
      return new AsyncExecutor({ maxConcurrent: Math.max(1, opts.concurrency ?? 4) });
    const workers = Math.max(1, opts.workers ?? 2);
    if (!threaded || threaded.workers !== workers) {
      void threaded?.executor.dispose();
      threaded = {
        workers,
        executor: new ThreadedExecutor({
          maxWorkers: workers,
          idleTtlMs: WORKER_IDLE_MS,
          onWarning: (message) => warnTo?.warning(message),
        }),
      };
    }
    return threaded.executor;
  }

  async function execute(request: RunRequest, sink: RunSink): Promise<RunOutcome> {
    if (options.requireSandbox && !request.sandbox)
      return { kind: 'not-started', message: NO_SANDBOX_MESSAGE };
    let workflow: Workflow;
    try {
      workflow = workflowOf(request);
    } catch (error) {
      return { kind: 'not-started', message: `Cannot run: ${messageOf(error)}` };
    }
    let store: StateStore;
    try {
      warnTo = sink;
      store = await storeFor(request.storage);
      if (request.seeds && request.seeds.length > 0) {
        const at = Date.now();
        await store.saveRun({
          workflowId: workflow.id,
          runId: request.runId,
          status: 'running',
          startedAt: at,
          document: request.document,
          executor: { kind: request.executor.kind },
          ...(request.retryOf ? { retryOf: request.retryOf } : {}),
          ...(request.params ? { params: request.params } : {}),
          updatedAt: at,
        });
        for (const seed of request.seeds) {
          await store.recordTask(workflow.id, request.runId, seed);
        }
        await store.flush();
      }
    } catch (error) {
      return {
        kind: 'not-started',
        message: `Run could not start: storage failed (${messageOf(error)})`,
      };
    }
    const abort = new AbortController();
    running.set(request.runId, abort);
    // Eager starts only where task code could hold this thread (in-thread executors, no sandbox).
    const batcher = eventBatcher(
      sink,
      request.batchMs,
      !request.sandbox && request.executor.kind !== 'threaded',
    );
    try {
      const executor = request.sandbox
        ? sandboxedExecutorFor(request.executor, request.sandbox).executor
        : executorFor(request.executor);
      const result = await executor.execute(workflow, {
        store,
        runId: request.runId,
        // Seeds were just stored under the run id: the engine reads them back to restore them.
        newRun: request.newRun === true && !request.seeds?.length,
        signal: abort.signal,
        onEvent: (event) => batcher.push(event),
        ...(request.retryOf ? { retryOf: request.retryOf } : {}),
        ...(request.params ? { params: request.params } : {}),
        ...(request.secrets ? { secrets: request.secrets } : {}),
      });
      return { kind: 'completed', result };
    } catch (error) {
      if (error instanceof RunCancelledError) return { kind: 'cancelled', result: error.result };
      if (error instanceof WorkflowExecutionError) return { kind: 'failed', result: error.result };
      return { kind: 'not-started', message: `Run could not start: ${messageOf(error)}` };
    } finally {
      batcher.flush();
      running.delete(request.runId);
    }
  }

  return {
    execute,
    warm(sandbox, executor, storage) {
      if (running.size > 0) {
        // A run is going: its sandbox and workers are the ones in use; this port is not needed.
        releaseSandboxPort(sandbox.port);
        return;
      }
      sandboxedExecutorFor(executor, sandbox).warm();
      void storeFor(storage).catch(() => undefined);
    },
    prepare(documentId, document) {
      if (running.size > 0) return; // a run is going: this thread is its scheduler's
      try {
        const workflow = buildWorkflow(document);
        workflow.validate(); // the syntax of every task's code: the slow part of a big workflow
        prepared = { documentId, workflow };
      } catch {
        prepared = undefined; // an invalid workflow: its run reports why
      }
    },
    pageLeaving() {
      if (running.size > 0) sandboxed?.connection.hold();
    },
    pageStays() {
      sandboxed?.connection.release();
    },
    pageHiding() {
      if (running.size === 0) return;
      sandboxed?.connection.freeze();
      void idb
        ?.then((store) => (store as { seal?: () => Promise<void> }).seal?.())
        .catch(() => undefined);
    },
    cancel(runId) {
      running.get(runId)?.abort();
    },
    async dispose() {
      await threaded?.executor.dispose();
      threaded = undefined;
      closeSandbox();
    },
  };
}
