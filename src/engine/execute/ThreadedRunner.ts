// A TaskRunner over a worker pool: code tasks and portable functions run in workers; timeouts
// terminate the worker, cancels fire ctx.signal in the worker and terminate it after a grace period.
// Beside it: the payloads sent for tasks (TaskPayloads), the chains sent ahead (SentAhead), and
// the requests in flight with the signals that stop them (RunningRequests).
import {
  TaskTimeoutError,
  WorkflowValidationError,
  type ValidationIssue,
} from '../model/errors.ts';
import type { AttemptRequest, RunnableTask, TaskRunner } from '../schedule/TaskRunner.ts';
import { InThreadRunner } from './InThreadRunner.ts';
import { inspectValue } from './inspectValue.ts';
import { WorkerPool, type PoolJob } from './WorkerPool.ts';
import { FollowerDropped } from './poolSlot.ts';
import { runContext } from './runContext.ts';
import { RunningRequests } from './RunningRequests.ts';
import { SentAhead } from './SentAhead.ts';
import { TaskPayloads } from './TaskPayloads.ts';
import type { SpawnWorker } from './workerLink.ts';

export { runContext } from './runContext.ts';

/** Options of {@link ThreadedRunner} (and of `ThreadedExecutor`). */
export interface ThreadedRunnerOptions {
  /** Workers at most (default: hardware concurrency). */
  maxWorkers?: number;
  /** Idle workers end after this long (default 30 s). */
  idleTtlMs?: number;
  /** After a cancel, how long a task may take to honour `ctx.signal` before its worker is terminated (default 200 ms). */
  cancelGraceMs?: number;
  /**
   * A cancelled attempt that still ends within `cancelGraceMs` settles with its own outcome (its
   * result, or its error) instead of the cancel: a distributed worker keeps the result of work
   * that was done, so a resumed run takes it rather than doing the work again.
   */
  cancelKeepsOutcome?: boolean;
  /** Most attempts queued per worker when attempts are tiny (default 64; 1 disables batching). */
  maxBatch?: number;
  /**
   * While attempts are tiny, send them to as few workers as their batches hold rather than spread
   * over every worker (fewer messages and thread wake-ups per attempt; see WorkerPool). Default off.
   */
  fillBatches?: boolean;
  /** Told when workers cannot be created and tasks run in the calling thread instead. */
  onWarning?: (message: string, error: Error) => void;
  /**
   * How to start a worker: the default starts Web Workers / worker_threads; the app starts its
   * workers in an opaque-origin sandbox.
   */
  spawn?: SpawnWorker;
  /**
   * Attempts each worker runs at once (default {@link defaultWorkerConcurrency}): while one
   * awaits (I/O), the others run. 1 runs them one after another, each task's `timeoutMs` then
   * ending its worker at once; above 1 a timeout or cancel fires `ctx.signal` first, and a task
   * that ignores it past `cancelGraceMs` has its worker replaced, failing the attempts beside it
   * as interrupted (retried if they have retries).
   */
  workerConcurrency?: number;
  /**
   * When no worker can start: run tasks in the calling thread with a warning (default `true`), or
   * fail them (`false`: task code must never run in the caller, e.g. the app's run worker).
   */
  inThreadFallback?: boolean;
}

/** Hardware concurrency of this machine or browser (at least 1). */
export function defaultWorkerCount(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return Math.max(1, typeof n === 'number' && n > 0 ? n : 4);
}

/**
 * Attempts a worker runs side by side unless `workerConcurrency` says otherwise: enough that
 * awaiting (I/O-bound) tasks do not wait one per worker (bench: threaded_io), few enough that
 * CPU-bound attempts mostly wait in the pool's queue, where any free worker can take them.
 */
export const DEFAULT_WORKER_CONCURRENCY = 4;

/**
 * With the default `workerConcurrency`, a worker whose attempts are all waiting (on timers or
 * I/O: it says so when its thread stays free) is sent more, up to this many at once, so a wide
 * fan-out of awaiting tasks runs as widely as under the AsyncExecutor (its default is 50).
 */
export const AWAITING_MAX_PER_WORKER = 64;

/**
 * Runs attempts in a pool of Web Workers (browser) or worker_threads (Node). Where no worker can
 * be started, it warns once through `onWarning` and runs in the calling thread.
 */
export class ThreadedRunner implements TaskRunner {
  readonly maxWorkers: number;
  private readonly pool: WorkerPool;
  private readonly payloads = new TaskPayloads();
  private fallback: InThreadRunner | undefined;
  private readonly requests = new RunningRequests((id, reason) => this.cancel(id, reason));
  private readonly capacityListeners = new Set<() => void>();
  private readonly ahead = new SentAhead(this.payloads);

  constructor(private readonly options: ThreadedRunnerOptions = {}) {
    this.maxWorkers = Math.max(1, Math.floor(options.maxWorkers ?? defaultWorkerCount()));
    this.pool = new WorkerPool({
      maxWorkers: this.maxWorkers,
      ...(options.idleTtlMs !== undefined ? { idleTtlMs: options.idleTtlMs } : {}),
      ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
      ...(options.fillBatches ? { fillBatches: true } : {}),
      ...(options.spawn ? { spawn: options.spawn } : {}),
      perWorker: this.workerConcurrency,
      ...(options.workerConcurrency === undefined
        ? { awaitingMax: AWAITING_MAX_PER_WORKER, onWider: () => this.wider() }
        : {}),
      onSettled: (id) => this.requests.release(id),
      ...(options.inThreadFallback === false
        ? {}
        : { onUnavailable: (error: Error, jobs: PoolJob[]) => this.useFallback(error, jobs) }),
    });
  }

  /** Attempts may wait for a worker: their timeouts count from when one starts them. */
  readonly timesFromStart = true;

  /**
   * Attempts that may be in flight: `workerConcurrency` per worker, more when recent attempts were
   * tiny, and more on workers whose attempts are all waiting.
   */
  get concurrency(): number {
    return this.fallback ? 1 : this.maxWorkers * this.pool.windowSize + this.pool.wider;
  }

  /** Told when `concurrency` grows without an attempt ending (see `TaskRunner.onCapacity`). */
  onCapacity(listener: () => void): () => void {
    this.capacityListeners.add(listener);
    return () => this.capacityListeners.delete(listener);
  }

  private wider(): void {
    for (const listener of [...this.capacityListeners]) listener();
  }

  /** Attempts each worker runs at once. */
  get workerConcurrency(): number {
    return Math.max(1, Math.floor(this.options.workerConcurrency ?? DEFAULT_WORKER_CONCURRENCY));
  }

  /** Workers alive or starting. */
  get poolSize(): number {
    return this.pool.size;
  }

  /** True once workers proved unavailable and tasks run in the calling thread. */
  get inThread(): boolean {
    return this.fallback !== undefined;
  }

  /** Rejects, before anything runs, every function task that closes over outer variables (E_NOT_PORTABLE). */
  prepare(tasks: readonly RunnableTask[]): void {
    const issues: ValidationIssue[] = [];
    for (const task of tasks) {
      const problem = this.payloads.of(task);
      if (typeof problem === 'string')
        issues.push({ code: 'E_NOT_PORTABLE', task: task.name, message: problem });
    }
    if (issues.length > 0) throw new WorkflowValidationError(issues);
    this.fallback?.prepare(tasks);
  }

  /** Runs one attempt in a worker (or in this thread after a fallback). */
  run(request: AttemptRequest): Promise<unknown> {
    if (this.fallback) {
      request.started?.();
      return this.fallback.run(request);
    }
    if (this.ahead.size > 0) {
      const adopted = this.adopt(request);
      if (adopted) return adopted;
    }
    return this.dispatch(request);
  }

  /**
   * The attempt if it was sent ahead in a chain: its outcome, and its log lines from now on. If the
   * worker dropped it (the chain stopped before it), it is dispatched now like any other.
   */
  private adopt(request: AttemptRequest): Promise<unknown> | undefined {
    const outcome = this.ahead.claim(request);
    if (!outcome) return undefined;
    return outcome.catch((error: unknown) => {
      if (error instanceof FollowerDropped) return this.dispatch(request);
      throw error;
    });
  }

  private dispatch(request: AttemptRequest): Promise<unknown> {
    const { task, ctx } = request;
    const payload = this.payloads.of(task);
    if (typeof payload === 'string') {
      return Promise.reject(
        new WorkflowValidationError({ code: 'E_NOT_PORTABLE', task: task.name, message: payload }),
      );
    }
    const problem = inspectValue(request.inputs, 'inputs').problem;
    if (problem) {
      return Promise.reject(
        new TypeError(`Task "${task.name}": its inputs cannot be sent to a worker: ${problem}`),
      );
    }
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    // A hard timeout ends the worker: an attempt with a timeout has one to itself, unless workers
    // run attempts side by side (then its timeout fires ctx.signal, see watch()).
    const exclusive = task.options.timeoutMs !== undefined && this.workerConcurrency === 1;
    const call = {
      inputs: request.inputs,
      attempt: ctx.attempt,
      runId: ctx.runId,
      ...(request.missing ? { missing: request.missing } : {}),
      ...runContext(ctx),
    };
    const chain = exclusive ? [] : this.ahead.chainOf(request);
    const { id, promise, followers } = this.pool.submit(
      payload,
      call,
      exclusive,
      request.onLog,
      chain.map((link) => link.follower),
      // Its timeout counts from when a worker starts it, not while it waits for one.
      task.options.timeoutMs === undefined ? undefined : () => request.started?.(),
    );
    const watched = this.requests.add(id, request);
    if (followers) this.ahead.hold(chain, followers, watched);
    return promise;
  }

  /** Stops one attempt as its signal's abort would: a timeout ends its worker, a cancel gets a grace period. */
  private cancel(id: number, reason: unknown): void {
    const hard = reason instanceof TaskTimeoutError && this.workerConcurrency === 1;
    const mode = hard ? 'now' : this.options.cancelKeepsOutcome ? 'finish' : 'grace';
    this.pool.cancel(id, reason, mode, this.options.cancelGraceMs ?? 200);
  }

  /**
   * Stops the attempt of `request` (a `run` not settled yet) as if its own `ctx.signal` had aborted
   * with `reason`, leaving the other attempts that share that signal running: for callers that
   * give many attempts one signal rather than an AbortController each. False when it is not running
   * here (not handed to `run` yet, or settled).
   */
  stop(request: AttemptRequest, reason: unknown): boolean {
    return this.requests.stop(request, reason);
  }

  /**
   * Starts the pool's workers now rather than on the first attempt (they stay for the idle time):
   * all of them, or the first `workers`.
   */
  warm(workers?: number): void {
    if (!this.fallback) this.pool.warm(workers);
  }

  /** Ends every worker. */
  async dispose(): Promise<void> {
    await this.pool.dispose();
  }

  private useFallback(error: Error, jobs: PoolJob[]): void {
    if (!this.fallback) {
      this.fallback = new InThreadRunner(1);
      const message = `ThreadedExecutor: workers cannot be created here (${error.message}); running tasks in the calling thread.`;
      if (this.options.onWarning) this.options.onWarning(message, error);
      else console.warn(message);
    }
    const fallback = this.fallback;
    for (const job of jobs) {
      const request = this.requests.get(job.message.id);
      if (!request) continue;
      job.settled = true;
      const id = job.message.id;
      request.started?.();
      fallback.run(request).then(
        (value) => {
          this.requests.release(id);
          job.resolve(value);
        },
        (error: unknown) => {
          this.requests.release(id);
          job.reject(error);
        },
      );
    }
  }
}
