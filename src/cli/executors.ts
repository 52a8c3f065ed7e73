// Where `flowweaver run` runs task code: never on the main thread, which persists the state,
// keeps the timers of timeouts and handles Ctrl-C / SIGTERM. A task that never yields then
// cannot keep a completion from reaching the state file, nor a signal or timeout from acting.
// As the app's run worker does, Sequential and Async run their tasks in a worker thread: one
// task at a time (Sequential) or up to N side by side (Async) in one worker; Threaded uses a pool.
import {
  AsyncExecutor,
  executeWithRunner,
  SequentialExecutor,
  ThreadedExecutor,
  ThreadedRunner,
  type ExecuteOptions,
  type Executor,
  type RunResult,
  type StateStore,
  type Workflow,
} from '../engine/index.ts';
import type { ExecutorKind } from './parseCliArgs.ts';
import { underPermissionModel } from './sandbox.ts';

/** The executors that run on this machine (not a queue of remote workers). */
export type LocalExecutorKind = Extract<ExecutorKind, 'sequential' | 'async' | 'threaded'>;

/** Tasks at once under `--executor async` without `--workers` (as `AsyncExecutor`). */
export const DEFAULT_ASYNC_CONCURRENCY = 50;

/**
 * Sequential or Async scheduling with the task code in one worker thread. The scheduler, the
 * store and the timers stay here; a timeout or a cancel that the task does not honour ends the
 * worker (and a fresh one takes the next task).
 */
export class WorkerThreadExecutor implements Executor {
  constructor(
    /** Recorded on the stored run, as the in-thread executor of the same kind would. */
    readonly kind: 'sequential' | 'async',
    readonly runner: ThreadedRunner,
    readonly store: StateStore | undefined,
  ) {}

  execute(workflow: Workflow, options: ExecuteOptions = {}): Promise<RunResult> {
    const store = options.store ?? this.store;
    return executeWithRunner(workflow, this.runner, {
      ...options,
      ...(store ? { store } : {}),
      executorKind: this.kind,
    });
  }

  /** Starts the worker thread now (ahead of the first run); it stays for the run. */
  warm(workers?: number): void {
    this.runner.warm(workers);
  }

  dispose(): Promise<void> {
    return this.runner.dispose();
  }
}

/** A local executor; `warm` (where it has one) starts its worker threads ahead of the first run. */
export type LocalExecutor = Executor & { warm?(workers?: number): void };

/**
 * The executor for `--executor <kind>`. Under `--sandbox` (Node's permission model, where worker
 * threads are refused) Sequential and Async run in the calling thread, as the engine's own do.
 */
export function createLocalExecutor(
  kind: LocalExecutorKind,
  workers: number | undefined,
  store?: StateStore,
): LocalExecutor {
  const withStore = store ? { store } : {};
  if (kind === 'threaded') {
    return new ThreadedExecutor({ ...withStore, ...(workers ? { maxWorkers: workers } : {}) });
  }
  const concurrency = kind === 'async' ? (workers ?? DEFAULT_ASYNC_CONCURRENCY) : 1;
  if (underPermissionModel()) {
    return kind === 'async'
      ? new AsyncExecutor({ ...withStore, maxConcurrent: concurrency })
      : new SequentialExecutor(withStore);
  }
  const runner = new ThreadedRunner({
    maxWorkers: 1,
    workerConcurrency: concurrency,
    // Sequential: one attempt in flight, so the run starts tasks one by one in readiness order.
    ...(kind === 'sequential' ? { maxBatch: 1 } : {}),
  });
  return new WorkerThreadExecutor(kind, runner, store);
}
