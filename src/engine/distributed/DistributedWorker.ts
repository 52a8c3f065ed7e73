// The other end of DistributedRunner: takes attempt jobs from a BullMQ queue and runs each in a
// worker thread (the engine's ThreadedRunner and task-worker runtime), so a hard timeout or a
// cancel kills only that attempt's thread. Node only. Runs whatever code the queue gives it:
// only trusted coordinators may reach its Redis.
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { RunCancelledError, skipTask, TaskTimeoutError } from '../model/errors.ts';
import { serializeError } from '../model/serializeError.ts';
import type { LogLine, TaskContext, TaskFunction } from '../model/types.ts';
import { ThreadedRunner } from '../execute/ThreadedRunner.ts';
import type { AttemptRequest, RunnableTask } from '../schedule/TaskRunner.ts';
import {
  cancelChannel,
  cancelKey,
  DEFAULT_QUEUE,
  KEEP_FINISHED_MS,
  logChannel,
  MAX_LOG_LINES,
  parseMessage,
  resultKey,
  type LogBatch,
  type StartMessage,
  type AttemptJobData,
  type AttemptJobResult,
  type CancelMessage,
} from './protocol.ts';
import { redactRedisUrl, redisOptions, watchRedis } from './redisLink.ts';

/**
 * Most jobs a worker holds per thread while attempts are tiny (they go to the thread in batches).
 * Holding more empties the queue: BullMQ then no longer takes each next job with the completion of
 * the one before (one script per job) but fetches it by a round of its own, and more jobs live long
 * enough to cost the garbage collector (bench: 32 a thread cost 2 workers ~25 µs more per task).
 */
const MAX_HELD_PER_THREAD = 16;
/** How long an outcome may wait for BullMQ's confirmation before it is also saved (ms). */
const UNCONFIRMED_SAVE_MS = 500;
/** How long a cancel heard for a job not running here is kept for it (ms). */
const RECENT_CANCEL_MS = 60_000;
/** Log lines of a running attempt are sent at most this often (ms). */
const LOG_FLUSH_MS = 50;

/** Frozen empty records: the context of an attempt without parameters, secrets or a timeout. */
const NONE = Object.freeze({});

/** One job running on this worker. */
class Attempt {
  readonly logs: LogLine[] = [];
  /** Log lines past {@link MAX_LOG_LINES}, counted, not kept. */
  dropped = 0;
  /** Log lines already published live (see `DistributedWorker.publishLogs`). */
  sent = 0;
  logTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the threaded runner runs, once handed to it. */
  request: AttemptRequest | undefined;
  /** Why it was stopped (its coordinator's cancel or timeout, or this worker's deadline). */
  stopped: Error | undefined;
  /** Set when this worker's own deadline ended it (its coordinator was not there to). */
  ownTimeout: TaskTimeoutError | undefined;

  constructor(
    readonly jobId: string,
    readonly data: AttemptJobData,
  ) {}
}

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
  /**
   * Outcomes returned to BullMQ whose completion it has not confirmed yet, by job id. Normally
   * confirmed within a round trip and forgotten; one still here after {@link UNCONFIRMED_SAVE_MS}
   * (Redis went away, or the job's lock was lost) is also saved under `resultKey`, so the work is
   * not lost if the job fails for want of its lock. Not one extra command per attempt.
   */
  private readonly unconfirmed = new Map<string, { outcome: AttemptJobResult; since: number }>();
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private readonly functions = new Map<string, TaskFunction>();
  private worker: Worker | undefined;
  private client: Redis | undefined;
  private subscriber: Redis | undefined;
  /** True while the subscriber hears cancel messages (subscribed, connected). */
  private listening = false;
  /** Cancels heard for jobs not running here, by job id: when they were heard. */
  private readonly recentCancels = new Map<string, number>();
  private unwatch: (() => void) | undefined;
  /** Resolves on the next turn of the event loop (see `nextTurn`), shared by the jobs that wait for it. */
  private turn: Promise<void> | undefined;

  constructor(options: DistributedWorkerOptions) {
    redisOptions(options.redisUrl);
    this.options = options;
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
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
    this.subscriber = new Redis(connection);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, text: string) => this.onCancel(text));
    this.subscriber.on('close', () => (this.listening = false));
    this.subscriber.on('ready', () => void this.listenAgain());
    await this.subscriber.subscribe(cancelChannel(this.queueName));
    this.listening = true;
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
    this.worker.on('completed', (job: Job) => this.unconfirmed.delete(job.id ?? ''));
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

  /**
   * The subscriber is back: once it is subscribed again (ioredis resubscribes first, on the same
   * connection), the marks of the running attempts are looked up for cancels missed meanwhile.
   */
  private async listenAgain(): Promise<void> {
    if (this.listening || !this.subscriber) return;
    try {
      await this.subscriber.subscribe(cancelChannel(this.queueName));
    } catch {
      return; // gone again: the next 'ready' tries again
    }
    this.listening = true;
    this.checkMarks([...this.active.keys()]);
  }

  /** Where this worker takes jobs from, for its start-up line. */
  describe(): string {
    return `queue "${this.queueName}" on ${redactRedisUrl(this.options.redisUrl)}, ${this.concurrency} at a time`;
  }

  private onCancel(text: string): void {
    const message = parseMessage<CancelMessage>(text);
    if (!message) return;
    const attempt = this.active.get(message.jobId);
    // Not (yet) running here: kept a while, for the attempt this worker may be about to start.
    if (!attempt) this.recentCancels.set(message.jobId, Date.now());
    else
      this.stop(
        attempt,
        message.reason === 'timeout'
          ? new TaskTimeoutError(message.jobId, 0, message.timeoutMs ?? 0)
          : cancelled(),
      );
  }

  /**
   * Looks up the cancel mark of `jobIds` (set beside each cancel message) and stops the attempts
   * marked: for messages this worker may have missed, its subscriber being disconnected.
   */
  private checkMarks(jobIds: Iterable<string>): void {
    for (const jobId of jobIds)
      void this.client?.exists(cancelKey(this.queueName, jobId)).then(
        (marked) => {
          const attempt = this.active.get(jobId);
          if (marked > 0 && attempt) this.stop(attempt, cancelled());
        },
        () => undefined,
      );
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
    if (this.recentCancels.delete(jobId)) this.stop(attempt, cancelled());
    else if (!this.listening) this.checkMarks([jobId]);
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
            this.publishStart(attempt);
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
        task: this.taskOf(data),
        inputs: data.inputs,
        ctx: this.contextOf(data),
        onLog: (line) => this.addLog(attempt, line),
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
      if (tooLarge) return this.save(jobId, { ok: false, error: serializeError(tooLarge), logs });
      return this.save(jobId, { ok: true, value, logs });
    } catch (error) {
      // A timeout seen here is the task's outcome, for a coordinator restarted meanwhile.
      if (attempt.ownTimeout)
        return this.save(jobId, { ok: false, error: serializeError(attempt.ownTimeout), logs });
      // Stopped by its coordinator (timeout or cancel): the job fails; nobody waits on it now.
      if (attempt.stopped) throw error instanceof Error ? error : new Error(String(error));
      this.options.onActivity?.(`failed ${data.task} (attempt ${data.attempt})`);
      return this.save(jobId, { ok: false, error: serializeError(error), logs });
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

  /**
   * Keeps a log line of a running attempt and sends it to its coordinator while the attempt runs
   * (on the run's log channel, at most every {@link LOG_FLUSH_MS}); the outcome carries them all
   * again, so a batch lost to an outage costs nothing but liveness. Lines not sent when the
   * attempt ends are dropped from the live stream: the outcome follows.
   */
  private addLog(attempt: Attempt, line: LogLine): void {
    if (attempt.logs.length >= MAX_LOG_LINES) {
      attempt.dropped++;
      return;
    }
    attempt.logs.push(line);
    attempt.logTimer ??= setTimeout(this.publishLogs, LOG_FLUSH_MS, attempt);
  }

  /** Tells the coordinator that an attempt with a timeout began (see {@link StartMessage}). */
  private publishStart(attempt: Attempt): void {
    const message: StartMessage = { jobId: attempt.jobId, started: true };
    this.publish(attempt, message);
  }

  /** Sends `message` to the coordinator of `attempt`'s run (its log channel); lost in an outage. */
  private publish(attempt: Attempt, message: StartMessage | LogBatch): void {
    void this.client
      ?.publish(logChannel(this.queueName, attempt.data.runId), JSON.stringify(message))
      .catch(() => undefined);
  }

  private readonly publishLogs = (attempt: Attempt): void => {
    attempt.logTimer = undefined;
    const { logs, sent } = attempt;
    if (sent >= logs.length) return;
    const batch: LogBatch = { jobId: attempt.jobId, from: sent, lines: logs.slice(sent) };
    attempt.sent = logs.length;
    this.publish(attempt, batch);
  };

  /**
   * Returns the outcome for BullMQ to report, keeping it until BullMQ confirms the completion;
   * while Redis is unreachable it is also saved under {@link resultKey} at once (the command waits
   * in the client's queue and lands first when Redis is back).
   */
  private save(jobId: string, outcome: AttemptJobResult): AttemptJobResult {
    if (this.client?.status !== 'ready') this.keep(jobId, outcome);
    else this.unconfirmed.set(jobId, { outcome, since: Date.now() });
    return outcome;
  }

  /** Saves an outcome under {@link resultKey} (not awaited: kept in the client's queue in an outage). */
  private keep(jobId: string, outcome: AttemptJobResult): void {
    this.unconfirmed.delete(jobId);
    const key = resultKey(this.queueName, jobId);
    void this.client
      ?.set(key, JSON.stringify(outcome), 'PX', KEEP_FINISHED_MS)
      .catch(() => undefined);
  }

  /** Saves the outcomes whose completion BullMQ has not confirmed for `ms`; forgets old cancels. */
  private sweep(ms = UNCONFIRMED_SAVE_MS): void {
    const heard = Date.now() - RECENT_CANCEL_MS;
    for (const [jobId, at] of this.recentCancels) if (at < heard) this.recentCancels.delete(jobId);
    const before = Date.now() - ms;
    for (const [jobId, { outcome, since }] of this.unconfirmed)
      if (since <= before) this.keep(jobId, outcome);
  }

  private taskOf(data: AttemptJobData): RunnableTask {
    const options = data.timeoutMs !== undefined ? { timeoutMs: data.timeoutMs } : NONE;
    if (data.fnSource === undefined)
      return { name: data.task, code: data.code ?? '', options, dependsOn: data.dependsOn };
    let fn = this.functions.get(data.fnSource);
    if (!fn) {
      // Only turned back into a function here; it runs in a worker thread like a code task.
      fn = (0, eval)(`(${data.fnSource})`) as TaskFunction;
      this.functions.set(data.fnSource, fn);
    }
    return { name: data.task, fn, options, dependsOn: data.dependsOn };
  }

  /** The attempt's context on this side: the thread builds the one its code sees from it. */
  private contextOf(data: AttemptJobData): TaskContext {
    return {
      signal: this.quiet,
      attempt: data.attempt,
      runId: data.runId,
      taskName: data.task,
      log: ignore,
      skip: skipTask,
      params: data.params ? Object.freeze({ ...data.params }) : NONE,
      secrets: NONE,
      ...(data.map ? { item: data.map.item, index: data.map.index } : {}),
    };
  }

  /** Stops taking jobs, waits for the running ones, then ends the threads and connections. */
  async close(): Promise<void> {
    await this.worker?.close();
    clearInterval(this.sweepTimer);
    this.sweep(0);
    this.unwatch?.();
    await this.runner.dispose();
    this.subscriber?.disconnect();
    this.client?.disconnect();
  }
}

function ignore(): void {}

function cancelled(): RunCancelledError {
  return new RunCancelledError(undefined, 'Run cancelled by its coordinator');
}

/** The error for a result over the limit (or not JSON), naming the task; `undefined` when it fits. */
function resultProblem(data: AttemptJobData, value: unknown): Error | undefined {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch (error) {
    return Object.assign(
      new Error(
        `Task "${data.task}": its result cannot be sent as JSON: ${(error as Error).message}`,
      ),
      { code: 'E_NOT_STORABLE' },
    );
  }
  if (bytes <= data.maxResultBytes) return undefined;
  return Object.assign(
    new Error(
      `Task "${data.task}": its result is ${bytes} bytes, over the distributed executor's limit of ` +
        `${data.maxResultBytes} bytes (maxResultBytes, --max-result-bytes)`,
    ),
    { name: 'ResultTooLargeError', code: 'E_RESULT_TOO_LARGE' },
  );
}
