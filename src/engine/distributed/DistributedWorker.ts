// The other end of DistributedRunner: takes attempt jobs from a BullMQ queue and runs each in a
// worker thread (the engine's ThreadedRunner and task-worker runtime), so a hard timeout or a
// cancel kills only that attempt's thread. Node only. Runs whatever code the queue gives it:
// only trusted coordinators may reach its Redis.
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { TaskTimeoutError } from '../model/errors.ts';
import { serializeError } from '../model/serializeError.ts';
import type { TaskFunction } from '../model/types.ts';
import { ThreadedRunner } from '../execute/ThreadedRunner.ts';
import type { AttemptRequest } from '../schedule/TaskRunner.ts';
import { DEFAULT_QUEUE, type AttemptJobData, type AttemptJobResult } from './protocol.ts';
import { redactRedisUrl, redisOptions, watchRedis } from './redisLink.ts';
import { Attempt } from './Attempt.ts';
import { CancelListener } from './CancelListener.ts';
import { contextOf, resultProblem, taskOf } from './jobTask.ts';
import { LivePublisher } from './LivePublisher.ts';
import { UNCONFIRMED_SAVE_MS, UnconfirmedOutcomes } from './UnconfirmedOutcomes.ts';

/**
 * Most jobs a worker holds per thread while attempts are tiny (they go to the thread in batches).
 * Holding more empties the queue: BullMQ then no longer takes each next job with the completion of
 * the one before (one script per job) but fetches it by a round of its own, and more jobs live long
 * enough to cost the garbage collector (bench: 32 a thread cost 2 workers ~25 µs more per task).
 */
const MAX_HELD_PER_THREAD = 16;

/** Options of {@link DistributedWorker}. */
export interface DistributedWorkerOptions {
  redisUrl: string;
  /** BullMQ queue name (default `flowweaver`). */
  queue?: string;
  /** Attempts run at once, each in its own worker thread (default 1). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 5 s): a worker that dies loses its job
   * after this, and another worker's stalled check hands the attempt back to the coordinator.
   */
  lockDurationMs?: number;
  /** How often this worker checks for stalled jobs (default 2 s). */
  stalledIntervalMs?: number;
  /** A task with a timeout is killed here this long after it, should the coordinator be gone (default 2 s). */
  timeoutGraceMs?: number;
  /** Warnings (Redis unreachable, back). Default: `console.warn`. */
  onWarning?: (message: string) => void;
  /** Told when an attempt starts and ends (the CLI prints it with --verbose). */
  onActivity?: (message: string) => void;
}

/**
 * A worker process's engine: `start()` connects and begins taking jobs; `close()` stops taking
 * new ones and waits for the running ones.
 */
export class DistributedWorker {
  readonly queueName: string;
  readonly concurrency: number;
  private readonly options: DistributedWorkerOptions;
  private readonly runner: ThreadedRunner;
  /** Running attempts by job id. */
  private readonly active = new Map<string, Attempt>();
  /**
   * The `ctx.signal` of every attempt: it never aborts. One attempt is stopped through the runner
   * (`ThreadedRunner.stop`) rather than by an AbortController of its own: not one controller, and
   * one abort listener, per attempt.
   */
  private readonly quiet = new AbortController().signal;
  private readonly outcomes: UnconfirmedOutcomes;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private readonly functions = new Map<string, TaskFunction>();
  private worker: Worker | undefined;
  private client: Redis | undefined;
  private readonly cancels: CancelListener;
  private readonly live: LivePublisher;
  private unwatch: (() => void) | undefined;
  /** Resolves on the next turn of the event loop (see `nextTurn`), shared by the jobs that wait for it. */
  private turn: Promise<void> | undefined;

  constructor(options: DistributedWorkerOptions) {
    redisOptions(options.redisUrl);
    this.options = options;
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    const client = (): Redis | undefined => this.client;
    this.outcomes = new UnconfirmedOutcomes(this.queueName, client);
    this.cancels = new CancelListener(this.queueName, this.active, client, (attempt, reason) =>
      this.stop(attempt, reason),
    );
    this.live = new LivePublisher(this.queueName, client);
    this.runner = new ThreadedRunner({
      maxWorkers: this.concurrency,
      idleTtlMs: 10 * 60_000,
      // Tiny attempts go to a thread in batches (run one after another there), so a thread round
      // trip is not paid per attempt; slow ones go one at a time (see BatchWindow).
      maxBatch: MAX_HELD_PER_THREAD,
      // The tiny attempts of one turn go to one thread, not one message (and wake-up) per thread.
      fillBatches: true,
      // One attempt at a time per thread: a timeout kills that attempt's thread and nothing
      // beside it (an attempt with a timeout always has its thread to itself).
      workerConcurrency: 1,
      inThreadFallback: false,
      // A cancelled attempt gets a second to end; if it completes meanwhile its result is kept
      // (the job completes) for a resumed run to take, rather than doing the work again.
      cancelKeepsOutcome: true,
      cancelGraceMs: 1_000,
    });
  }

  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else console.warn(`[flowweaver worker] ${message}`);
  }

  /** Connects, subscribes to cancels and starts taking jobs; resolves once it is taking them. */
  async start(): Promise<void> {
    const connection = redisOptions(this.options.redisUrl);
    this.client = new Redis(connection);
    this.unwatch = watchRedis(this.client, this.options.redisUrl, {
      onWarning: (message) => this.warn(message),
      // A worker waits for Redis as long as it takes: it holds nothing a run waits on.
      unavailableTimeoutMs: 2 ** 31 - 1,
      onGiveUp: () => undefined,
    });
    // Redis went away: outcomes not confirmed yet are saved (queued until it is back).
    this.client.on('close', () => this.sweep(0));
    await this.cancels.listen(connection);
    this.runner.warm();
    const lockDuration = this.options.lockDurationMs ?? 5_000;
    this.worker = new Worker(this.queueName, (job: Job) => this.process(job), {
      connection: connection as ConnectionOptions,
      concurrency: this.concurrency,
      lockDuration,
      stalledInterval: this.options.stalledIntervalMs ?? 2_000,
      // A stalled job is not run again behind the coordinator's back: it fails, and the
      // coordinator records the attempt as interrupted and dispatches a new one.
      maxStalledCount: 0,
      drainDelay: 1,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('completed', (job: Job) => this.outcomes.confirmed(job.id ?? ''));
    this.sweepTimer = setInterval(() => this.sweep(), UNCONFIRMED_SAVE_MS / 2);
    this.sweepTimer.unref?.();
    await this.worker.waitUntilReady();
  }

  /**
   * Jobs this worker takes at once: one per thread, more while attempts are tiny (the threaded
   * runner batches them), so a slot does not wait a Redis round trip per no-op attempt. Slow
   * attempts keep it at one per thread: a job waits in Redis, where any free worker can take it.
   */
  private fitConcurrency(): void {
    if (!this.worker) return;
    const wanted = Math.max(
      this.concurrency,
      Math.min(this.runner.concurrency, this.concurrency * MAX_HELD_PER_THREAD),
    );
    if (this.worker.concurrency !== wanted) this.worker.concurrency = wanted;
  }

  /** Where this worker takes jobs from, for its start-up line. */
  describe(): string {
    return `queue "${this.queueName}" on ${redactRedisUrl(this.options.redisUrl)}, ${this.concurrency} at a time`;
  }

  /** One job: runs the attempt in a thread and returns its outcome as an {@link AttemptJobResult}. */
  private async process(job: Job): Promise<AttemptJobResult> {
    const data = job.data as AttemptJobData;
    if (data.v !== 1)
      throw new Error(`Unknown job format ${String(data.v)} (a newer coordinator?)`);
    const jobId = job.id ?? '';
    const attempt = new Attempt(jobId, data);
    this.active.set(jobId, attempt);
    // A cancel published just before this attempt started: heard, and kept for it. While the
    // subscriber is disconnected messages are missed: the mark left beside each is looked up then
    // (beside the run, not before it), and for every running attempt once it is back.
    this.cancels.starting(attempt);
    let timer: ReturnType<typeof setTimeout> | undefined;
    /**
     * An attempt with a timeout, once its thread takes it (it may wait for one): the coordinator's
     * clock starts now (see StartMessage), and so does this worker's own deadline, the timeout and
     * a grace, should its coordinator not be there to end it.
     */
    const { timeoutMs } = data;
    const started =
      timeoutMs === undefined
        ? undefined
        : () => {
            if (timer !== undefined || attempt.stopped) return;
            this.live.publishStart(attempt);
            timer = setTimeout(
              () => {
                attempt.ownTimeout = new TaskTimeoutError(data.task, data.attempt, timeoutMs);
                this.stop(attempt, attempt.ownTimeout);
              },
              timeoutMs + (this.options.timeoutGraceMs ?? 2_000),
            );
          };
    const { logs } = attempt;
    this.options.onActivity?.(`start ${data.task} (attempt ${data.attempt}, run ${data.runId})`);
    try {
      await this.nextTurn();
      if (attempt.stopped) throw attempt.stopped;
      const request: AttemptRequest = {
        task: taskOf(data, this.functions),
        inputs: data.inputs,
        ctx: contextOf(data, this.quiet),
        onLog: (line) => this.live.addLog(attempt, line),
        ...(data.missing ? { missing: data.missing } : {}),
        ...(started ? { started } : {}),
      };
      attempt.request = request;
      const value = await this.runner.run(request);
      if (attempt.dropped > 0)
        logs.push({
          ts: Date.now(),
          level: 'warn',
          message: `${attempt.dropped} more log lines dropped`,
        });
      const tooLarge = resultProblem(data, value);
      this.options.onActivity?.(`done ${data.task} (attempt ${data.attempt})`);
      if (tooLarge)
        return this.outcomes.save(jobId, { ok: false, error: serializeError(tooLarge), logs });
      return this.outcomes.save(jobId, { ok: true, value, logs });
    } catch (error) {
      // A timeout seen here is the task's outcome, for a coordinator restarted meanwhile.
      if (attempt.ownTimeout)
        return this.outcomes.save(jobId, {
          ok: false,
          error: serializeError(attempt.ownTimeout),
          logs,
        });
      // Stopped by its coordinator (timeout or cancel): the job fails; nobody waits on it now.
      if (attempt.stopped) throw error instanceof Error ? error : new Error(String(error));
      this.options.onActivity?.(`failed ${data.task} (attempt ${data.attempt})`);
      return this.outcomes.save(jobId, { ok: false, error: serializeError(error), logs });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (attempt.logTimer !== undefined) clearTimeout(attempt.logTimer);
      this.active.delete(jobId);
      this.fitConcurrency();
    }
  }

  /**
   * Stops a running attempt (once): in its thread if it is there, otherwise before it gets there.
   * The runner then settles it with `reason` (a timeout ends its thread at once, a cancel leaves
   * it a second to end, see the runner's options), or with its own outcome if it ended meanwhile.
   */
  private stop(attempt: Attempt, reason: Error): void {
    if (attempt.stopped) return;
    attempt.stopped = reason;
    if (attempt.request) this.runner.stop(attempt.request, reason);
  }

  /**
   * The next turn of the event loop, once for every job that asks during this one. BullMQ hands
   * this worker its jobs one at a time, each as its reply from Redis is read; the attempts that
   * came in the same turn go to the threads together (one message per thread for all of them, see
   * WorkerPool.flush), not one message each way per attempt.
   */
  private nextTurn(): Promise<void> {
    this.turn ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.turn = undefined;
        resolve();
      }),
    );
    return this.turn;
  }

  /** Saves the outcomes whose completion BullMQ has not confirmed for `ms`; forgets old cancels. */
  private sweep(ms = UNCONFIRMED_SAVE_MS): void {
    this.cancels.forgetOld();
    this.outcomes.saveOlderThan(ms);
  }

  /** Stops taking jobs, waits for the running ones, then ends the threads and connections. */
  async close(): Promise<void> {
    await this.worker?.close();
    clearInterval(this.sweepTimer);
    this.sweep(0);
    this.unwatch?.();
    await this.runner.dispose();
    this.cancels.close();
    this.client?.disconnect();
  }
}
