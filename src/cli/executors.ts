// Where `flowweaver run` runs task code: never on the main thread, which persists the state,
// keeps the timers of timeouts and handles Ctrl-C / SIGTERM. A task that never yields then
// cannot keep a completion from reaching the state file, nor a signal or timeout from acting.
// As the app's run worker does, Sequential and Async run their tasks in a worker thread: one
// task at a time (Sequential) or up to N side by side (Async) in one worker; Threaded uses a pool.
// Under --sandbox the same runners use sandboxed processes instead of threads (sandboxProcess.ts).
import {
  DEFAULT_WORKER_CONCURRENCY,
  defaultWorkerCount,
  executeWithRunner,
  ThreadedExecutor,
  ThreadedRunner,
  type ExecuteOptions,
  type Executor,
  type RunResult,
  type StateStore,
  type Workflow,
} from '../engine/index.ts';
import type { ExecutorKind } from './parseCliArgs.ts';
import { taskProcessSpawner, type TaskProcessOptions } from './sandboxProcess.ts';

/** The executors that run on this machine (not a queue of remote workers). */
export type LocalExecutorKind = Extract<ExecutorKind, 'sequential' | 'async' | 'threaded'>;

/** Tasks at once under `--executor async` without `--workers` (as `AsyncExecutor`). */
export const DEFAULT_ASYNC_CONCURRENCY = 50;

/**
 * Sequential or Async scheduling with the task code in one worker (a thread, or a sandboxed
 * process), or Threaded over sandboxed processes. The scheduler, the store and the timers stay
 * here; a timeout or a cancel that the task does not honour ends the worker (and a fresh one
 * takes the next task).
 */
export class WorkerThreadExecutor implements Executor {
  constructor(
    /** Recorded on the stored run, as the in-thread executor of the same kind would. */
    readonly kind: LocalExecutorKind,
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
 * The executor for `--executor <kind>`. With `taskProcesses` (`--sandbox`) every kind runs its
 * task code in sandboxed processes, never in this process: Sequential and Async in one (one
 * attempt at a time, or up to N side by side), Threaded in a pool of them (`--workers`, default
 * one per core, 4 attempts side by side in each).
 */
export function createLocalExecutor(
  kind: LocalExecutorKind,
  workers: number | undefined,
  taskProcesses?: TaskProcessOptions,
): LocalExecutor {
  if (kind === 'threaded' && !taskProcesses) {
    return new ThreadedExecutor(workers ? { maxWorkers: workers } : {});
  }
  const concurrency =
    kind === 'threaded'
      ? DEFAULT_WORKER_CONCURRENCY
      : kind === 'async'
        ? (workers ?? DEFAULT_ASYNC_CONCURRENCY)
        : 1;
  const runner = new ThreadedRunner({
    maxWorkers: kind === 'threaded' ? (workers ?? defaultWorkerCount()) : 1,
    workerConcurrency: concurrency,
    // Sequential: one attempt in flight, so the run starts tasks one by one in readiness order.
    ...(kind === 'sequential' ? { maxBatch: 1 } : {}),
    // Task code never runs in this process, not even when no sandboxed process can start.
    ...(taskProcesses
      ? { spawn: taskProcessSpawner(taskProcesses, concurrency), inThreadFallback: false }
      : {}),
  });
  return new WorkerThreadExecutor(kind, runner, undefined);
}
