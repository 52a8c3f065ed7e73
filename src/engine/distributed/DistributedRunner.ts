// A TaskRunner whose attempts run on other machines: each attempt becomes one BullMQ job, its
// inputs and result travel through Redis. The scheduler keeps everything else (trigger rules,
// retries, timeouts, cancel, events, the state store, resume). Node only.
import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  AttemptInterruptedError,
  FlowWeaverError,
  messageOf,
  TaskTimeoutError,
  WorkflowValidationError,
  type ValidationIssue,
} from '../model/errors.ts';
import { deserializeError } from '../model/serializeError.ts';
import { checkPortable } from '../execute/portability.ts';
import type { AttemptRequest, RunnableTask, TaskRunner } from '../schedule/TaskRunner.ts';
import {
  attemptJobId,
  cancelChannel,
  cancelKey,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_QUEUE,
  isStalledReason,
  KEEP_FINISHED_MS,
  logChannel,
  parseMessage,
  resultKey,
  type AttemptJobData,
  type AttemptJobResult,
  type CancelMessage,
  type LogBatch,
  type StartMessage,
} from './protocol.ts';
import { REDIS_UNAVAILABLE, redactRedisUrl, redisOptions, watchRedis } from './redisLink.ts';

/** Options of {@link DistributedRunner} (and of `DistributedExecutor`). */
export interface DistributedRunnerOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  redisUrl: string;
  /** BullMQ queue name (default `flowweaver`); workers must take from the same one. */
  queue?: string;
  /** Attempts queued or running at once (default 256): workers, not this number, bound the parallelism. */
  maxInFlight?: number;
  /** Largest result a worker sends back, in bytes of its JSON (default 1 MiB); larger fails the task. */
  maxResultBytes?: number;
  /** How long Redis may be unreachable before the run stops (default 30 s). */
  redisUnavailableTimeoutMs?: number;
  /** Warnings: Redis unreachable or back. Default: `console.warn`. */
  onWarning?: (message: string) => void;
}

/** An attempt waiting for its job's outcome. */
interface Pending {
  /** The job it waits on: its own, or an earlier attempt's it took over. */
  jobId: string;
  request: AttemptRequest;
  data: AttemptJobData;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  since: number;
  /** Log lines of the attempt already handed on (live, see {@link LogBatch}). */
  logged: number;
}

/** The connections of a runner. */
interface Opened {
  queue: Queue;
  events: QueueEvents;
  client: Redis;
  /** Subscribed to the log channels of the runs this runner coordinates. */
  logs: Redis;
}

/** How long jobs stay in Redis after they finish (seconds). */
const KEEP_FINISHED = { age: KEEP_FINISHED_MS / 1000 };
/** Every attempt's job: run once by BullMQ (the scheduler decides retries), kept a day. */
const JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: KEEP_FINISHED,
} as const;
/** How long a cancel mark stays for a worker that takes the job late. */
const CANCEL_MARK_MS = 10 * 60_000;
/** How often jobs waited on for a while are looked up directly, in case an event was missed. */
const RECONCILE_EVERY_MS = 5_000;

/**
 * Runs attempts as BullMQ jobs for `flowweaver worker` processes. Job ids are derived from the run
 * id, task name and attempt number, so a coordinator restarted on the same run finds the job of an
 * attempt it had started (running or finished) and takes its outcome instead of running it again.
 * A job whose worker died (stalled) ends the attempt as interrupted; the scheduler runs it again.
 */
export class DistributedRunner implements TaskRunner {
  readonly concurrency: number;
  /**
   * A task's `timeoutMs` counts from when its attempt begins in a worker's thread (the worker's
   * StartMessage), not from when its job is queued: a job waiting for a free worker is not timed out.
   */
  readonly timesFromStart = true;
  readonly queueName: string;
  /** Called once when Redis stayed unreachable past the timeout (the executor stops the run). */
  onFatal: ((error: Error) => void) | undefined;
  /** The current run's warning sink (`execute`'s `onWarning`), used when the options give none. */
  runWarning: ((message: string) => void) | undefined;
  private readonly options: DistributedRunnerOptions;
  private readonly pending = new Map<string, Pending>();
  private readonly watched = new WeakMap<AbortSignal, Set<Pending>>();
  /** Jobs being removed or stopped (a cancel): `dispose` lets them finish first. */
  private readonly stopping = new Set<Promise<void>>();
  /**
   * Tasks (see `retryKey`) whose last attempt this runner dispatched and saw end without a result:
   * their next attempt is a retry decided here, not a resumed run's. Only those are kept (not every
   * task dispatched, which grew with every run), each until its next attempt.
   */
  private readonly failedHere = new Set<string>();
  private readonly fnSources = new WeakMap<object, string>();
  private opened: Promise<Opened> | undefined;
  /** Jobs to add in the next bulk (see `addSoon`). */
  private readonly adding: { jobId: string; data: AttemptJobData }[] = [];
  /** Settles once the next bulk is added (or refused); shared by the jobs in it. */
  private nextBulk: Promise<void> | undefined;
  /** Jobs being added (see `addSoon`), by id: their bulk. */
  private readonly addsInFlight = new Map<string, Promise<void>>();
  /** The connections once open (`open()` without a turn of waiting). */
  private openNow: Opened | undefined;
  /** Runs whose log channel is subscribed (`true`), or being subscribed to. */
  private readonly logRuns = new Map<string, Promise<void> | true>();
  private unwatch: (() => void) | undefined;
  private reconcileTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: DistributedRunnerOptions) {
    redisOptions(options.redisUrl); // a bad URL fails here, not in the middle of a run
    this.options = options;
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.concurrency = Math.max(1, Math.floor(options.maxInFlight ?? 256));
  }

  private warn(message: string): void {
    const sink = this.options.onWarning ?? this.runWarning;
    if (sink) sink(message);
    else console.warn(`[flowweaver] ${message}`);
  }

  /** Connects (once): the queue, its event stream and a client for cancels and look-ups. */
  private open(): Promise<Opened> {
    this.opened ??= (async () => {
      const connection = redisOptions(this.options.redisUrl);
      const client = new Redis(connection);
      const timeoutMs = this.options.redisUnavailableTimeoutMs ?? 30_000;
      this.unwatch = watchRedis(client, this.options.redisUrl, {
        onWarning: (message) => this.warn(message),
        unavailableTimeoutMs: timeoutMs,
        onGiveUp: (error) => this.onFatal?.(error),
        onBack: () => void this.reconcile(0),
      });
      const unanswered = () =>
        new FlowWeaverError(
          REDIS_UNAVAILABLE,
          `Redis at ${redactRedisUrl(this.options.redisUrl)} did not answer within ${Math.round(timeoutMs / 1000)} s`,
        );
      const fromId = await withDeadline(
        lastEventId(client, this.queueName),
        timeoutMs,
        unanswered,
      ).catch((error: unknown) => {
        client.disconnect(); // nothing else is open yet
        throw error;
      });
      const shared = connection as ConnectionOptions;
      const queue = new Queue(this.queueName, { connection: shared });
      // Read the event stream from its current end, not from whenever the reader gets going
      // ('$'): the first jobs may finish before that, and their events would be missed.
      const events = new QueueEvents(this.queueName, {
        connection: shared,
        lastEventId: fromId,
      });
      const logs = new Redis(connection);
      logs.on('error', () => undefined);
      logs.on('message', (_channel: string, text: string) => this.onLogBatch(text));
      queue.on('error', () => undefined);
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => this.finished(jobId, returnvalue));
      events.on('failed', ({ jobId, failedReason }) => this.failed(jobId, failedReason));
      // An attempt added again (a restarted coordinator whose state lagged): take the job's outcome.
      events.on(
        'duplicated',
        ({ jobId }) => void this.lookUp(queue, jobId, jobId).catch(() => undefined),
      );
      await withDeadline(
        Promise.all([client.ping(), logs.ping(), queue.waitUntilReady(), events.waitUntilReady()]),
        timeoutMs,
        unanswered,
      );
      this.reconcileTimer = setInterval(
        () => void this.reconcile(RECONCILE_EVERY_MS),
        RECONCILE_EVERY_MS,
      );
      this.reconcileTimer.unref?.();
      this.openNow = { queue, events, client, logs };
      return this.openNow;
    })();
    const opening = this.opened;
    // A failed connect is not kept: the next run tries again.
    opening.catch(() => {
      if (this.opened === opening) void this.dispose();
    });
    return opening;
  }

  /** Refuses function tasks that cannot travel as source (E_NOT_PORTABLE), then connects. */
  async prepare(tasks: readonly RunnableTask[]): Promise<void> {
    const issues: ValidationIssue[] = [];
    for (const task of tasks) {
      // Secret values would travel through Redis and stay there with the job: refused, not dropped.
      const secrets = task.options.secrets ?? [];
      if (secrets.length > 0)
        issues.push({
          code: 'E_NOT_PORTABLE',
          task: task.name,
          message: `Task "${task.name}" declares secrets (${secrets.join(', ')}), which the distributed executor does not send to workers (they would be stored in Redis with the job). Run it with another executor, or give the workers the value another way.`,
        });
      if (!task.fn || this.fnSources.has(task.fn)) continue;
      const result = checkPortable(task.fn);
      if (result.ok) this.fnSources.set(task.fn, result.source);
      else
        issues.push({
          code: 'E_NOT_PORTABLE',
          task: task.name,
          message: `Task "${task.name}" cannot run on a distributed worker: ${result.reason}. Use a code task, or a self-contained function.`,
        });
    }
    if (issues.length > 0) throw new WorkflowValidationError(issues);
    await this.open();
  }

  /** Queues the attempt as a job and resolves with its result (or rejects with the task's error). */
  run(request: AttemptRequest): Promise<unknown> {
    const { task, ctx } = request;
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    const jobId = attemptJobId(ctx.runId, task.name, ctx.attempt, ctx.index);
    const data: AttemptJobData = {
      v: 1,
      runId: ctx.runId,
      task: task.name,
      attempt: ctx.attempt,
      dependsOn: task.dependsOn,
      inputs: request.inputs,
      maxResultBytes: this.options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      ...(task.fn ? { fnSource: this.fnSources.get(task.fn) ?? '' } : { code: task.code ?? '' }),
      ...(request.missing ? { missing: request.missing } : {}),
      ...(task.options.timeoutMs !== undefined ? { timeoutMs: task.options.timeoutMs } : {}),
      ...(ctx.params && Object.keys(ctx.params).length > 0 ? { params: { ...ctx.params } } : {}),
      ...(ctx.index !== undefined ? { map: { index: ctx.index, item: ctx.item } } : {}),
    };
    return new Promise<unknown>((resolve, reject) => {
      const entry: Pending = {
        jobId,
        request,
        data,
        resolve,
        reject,
        since: Date.now(),
        logged: 0,
      };
      this.pending.set(jobId, entry);
      this.watch(ctx.signal).add(entry);
      // Not the task's fault (Redis went away mid-command): the attempt is interrupted, runs again.
      this.dispatch(jobId, data).catch((error: unknown) =>
        this.fail(
          this.take(entry.jobId),
          new AttemptInterruptedError(
            task.name,
            `its job could not be queued (${messageOf(error)})`,
          ),
        ),
      );
    });
  }

  /** The attempt waiting on `jobId`, no longer waiting (or `undefined` when none is). */
  private take(jobId: string): Pending | undefined {
    const entry = this.pending.get(jobId);
    if (!entry) return undefined;
    this.pending.delete(jobId);
    this.watched.get(entry.request.ctx.signal)?.delete(entry);
    return entry;
  }

  /**
   * One abort listener per signal, however many attempts share it (the run's signal is shared by
   * every attempt without a timeout): each waiting attempt rejects and its job is stopped.
   */
  private watch(signal: AbortSignal): Set<Pending> {
    let set = this.watched.get(signal);
    if (!set) {
      const entries = new Set<Pending>();
      set = entries;
      this.watched.set(signal, entries);
      signal.addEventListener(
        'abort',
        () => {
          for (const entry of [...entries]) {
            if (this.take(entry.jobId) !== entry) continue;
            this.fail(entry, signal.reason);
            const stopping = this.stop(entry.jobId, signal.reason);
            this.stopping.add(stopping);
            void stopping.finally(() => this.stopping.delete(stopping));
          }
        },
        { once: true },
      );
    }
    return set;
  }

  /**
   * Adds the job. The first attempt this runner sees of a task whose attempt number is above 1
   * (a resumed run) first looks for the job of an earlier attempt still waiting, running or
   * finished, and waits on that one instead: a restarted coordinator does not run it twice.
   */
  private async dispatch(jobId: string, data: AttemptJobData): Promise<void> {
    const { queue, logs } = this.openNow ?? (await this.open());
    const following = this.followLogs(logs, data.runId);
    if (following) await following;
    const resumed = data.attempt > 1 && !this.failedHere.delete(retryKey(data));
    if (resumed && (await this.adoptEarlier(queue, jobId, data))) return;
    await this.addSoon(queue, jobId, data);
    // Adding an id that exists adds nothing: its 'duplicated' event looks the job up (lookUp).
  }

  /**
   * Adds the job with the others dispatched in the same turn of the event loop, in one
   * `Queue.addBulk` (one round trip for a ready set rather than one per attempt). Resolves once
   * that bulk is added.
   */
  private addSoon(queue: Queue, jobId: string, data: AttemptJobData): Promise<void> {
    this.adding.push({ jobId, data });
    this.nextBulk ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.nextBulk = undefined;
        const all = this.adding.splice(0);
        // An attempt stopped meanwhile (cancel, timeout) is not added at all.
        const batch = all.filter((entry) => this.pending.has(entry.jobId));
        const done = (): void => {
          for (const entry of all) this.addsInFlight.delete(entry.jobId);
        };
        if (batch.length === 0) {
          done();
          resolve();
          return;
        }
        queue
          .addBulk(
            batch.map(({ jobId: id, data: job }) => ({
              name: job.task,
              data: job,
              opts: { jobId: id, ...JOB_OPTIONS },
            })),
          )
          .then(
            () => {
              done();
              resolve();
            },
            (error: unknown) => {
              done();
              reject(error);
            },
          );
      });
    });
    // A cancel that comes while the job is on its way waits for it (see `stop`).
    this.addsInFlight.set(jobId, this.nextBulk);
    return this.nextBulk;
  }

  /**
   * Subscribes (once per run) to the log lines its workers send while attempts run: a promise
   * while subscribing, `undefined` once subscribed (or not, Redis being away: the lines still come
   * with each outcome, and the next attempt tries again).
   */
  private followLogs(logs: Redis, runId: string): Promise<unknown> | undefined {
    const subscribed = this.logRuns.get(runId);
    if (subscribed === true) return undefined;
    if (subscribed) return subscribed;
    const subscribing = logs.subscribe(logChannel(this.queueName, runId)).then(
      () => void this.logRuns.set(runId, true),
      () => void this.logRuns.delete(runId),
    );
    this.logRuns.set(runId, subscribing);
    return subscribing;
  }

  /** Live log lines of a running attempt: handed on in order, once (a gap waits for the outcome). */
  private onLogBatch(text: string): void {
    const batch = parseMessage<LogBatch | StartMessage>(text);
    const entry = batch && this.pending.get(batch.jobId);
    if (!batch || !entry) return;
    if ('started' in batch) {
      entry.request.started?.();
      return;
    }
    if (!Array.isArray(batch.lines) || batch.from > entry.logged) return;
    for (const line of batch.lines.slice(entry.logged - batch.from)) {
      entry.logged++;
      entry.request.onLog(line);
    }
  }

  /**
   * Takes over the job of the attempt just before, the one a resume found running (older ones are
   * decided), unless it failed without an outcome; true when it did. Not when the job of this
   * attempt exists already: the stopped coordinator saw the earlier one end and queued this one
   * before its record said so, and `dispatch` then waits on this one (adopting the earlier one
   * would run the task again beside it).
   */
  private async adoptEarlier(queue: Queue, jobId: string, data: AttemptJobData): Promise<boolean> {
    if (await Job.fromId(queue, jobId)) return false;
    const earlier = attemptJobId(data.runId, data.task, data.attempt - 1, data.map?.index);
    const job = await Job.fromId(queue, earlier);
    if (!job) return false;
    const state = await job.getState();
    // Even one stopped for a cancel is waited on: it may have completed meanwhile (then its
    // result is taken); if it ends failed, the attempt counts as interrupted and runs again. A
    // failed one counts only when its worker saved an outcome (it finished the work).
    const saved = state === 'failed' ? await this.savedOutcome(earlier) : null;
    if (state === 'unknown' || (state === 'failed' && saved === null)) return false;
    const entry = this.pending.get(jobId);
    if (!entry) return true;
    this.pending.delete(jobId);
    entry.jobId = earlier;
    this.pending.set(earlier, entry);
    if (state === 'completed') this.finished(earlier, await this.completedValue(queue, job));
    else if (saved !== null) this.finished(earlier, saved);
    // Began before this coordinator listened: its timeout counts from now.
    else if (state === 'active') entry.request.started?.();
    return true;
  }

  /**
   * The return value of a job found completed. The job was read before its state: if it completed
   * in between, that copy has no return value yet, so it is read again (or taken from the outcome
   * its worker saved beside it).
   */
  private async completedValue(queue: Queue, job: Job): Promise<unknown> {
    if (job.returnvalue !== null && job.returnvalue !== undefined) return job.returnvalue;
    const id = job.id ?? '';
    const fresh = await Job.fromId(queue, id);
    if (fresh?.returnvalue !== null && fresh?.returnvalue !== undefined) return fresh.returnvalue;
    return this.savedOutcome(id);
  }

  /** Settles a waiting attempt from its job as stored (an event may have been missed). */
  private async lookUp(queue: Queue, jobId: string, addAs: string): Promise<void> {
    const job = await Job.fromId(queue, jobId);
    const entry = this.pending.get(jobId);
    if (!entry) return;
    if (!job) {
      // Lost (Redis restarted without its data): add it again under the same id.
      await queue.add(entry.data.task, entry.data, { jobId: addAs, ...JOB_OPTIONS });
      return;
    }
    const state = await job.getState();
    if (state === 'completed') this.finished(jobId, await this.completedValue(queue, job));
    else if (state === 'failed') this.failed(jobId, job.failedReason);
    // Its start may have been missed (an outage, a restarted coordinator): the clock runs from now.
    else if (state === 'active') entry.request.started?.();
  }

  /** Looks up every job waited on for at least `olderThanMs` (after an outage: all of them). */
  private async reconcile(olderThanMs: number): Promise<void> {
    if (!this.opened || this.pending.size === 0) return;
    const { queue } = await this.opened;
    const now = Date.now();
    for (const [jobId, entry] of [...this.pending]) {
      if (now - entry.since < olderThanMs) continue;
      try {
        await this.lookUp(queue, jobId, jobId);
      } catch {
        return; // Redis went away again; the next round or 'ready' tries again
      }
    }
  }

  private finished(jobId: string, returnvalue: unknown): void {
    const entry = this.take(jobId);
    if (!entry) return;
    let outcome: AttemptJobResult;
    try {
      outcome = (
        typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue
      ) as AttemptJobResult;
    } catch {
      this.fail(
        entry,
        new Error(`Task "${entry.data.task}": its worker sent an unreadable result`),
      );
      return;
    }
    if (!outcome || typeof outcome !== 'object' || typeof outcome.ok !== 'boolean') {
      this.fail(
        entry,
        new Error(`Task "${entry.data.task}": its worker sent an unreadable result`),
      );
      return;
    }
    // The lines not yet handed on live.
    if (Array.isArray(outcome.logs))
      for (const line of outcome.logs.slice(entry.logged)) entry.request.onLog(line);
    if (outcome.ok) entry.resolve(outcome.value);
    else this.fail(entry, deserializeError(outcome.error));
  }

  /**
   * A failed job: its worker may still have finished the work and saved the outcome (it lost its
   * lock while cut off from Redis), so that is looked for first, again a second later for a
   * stalled job (the worker's save may be on its way); only then is the attempt interrupted.
   */
  private failed(jobId: string, reason: string | undefined): void {
    if (!this.pending.has(jobId)) return;
    void (async () => {
      let saved = await this.savedOutcome(jobId);
      if (saved === null && isStalledReason(reason)) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        saved = await this.savedOutcome(jobId);
      }
      if (saved !== null) this.finished(jobId, saved);
      else this.interrupted(jobId, reason);
    })().catch(() => this.interrupted(jobId, reason));
  }

  /** The outcome a worker saved for `jobId` (see `resultKey`), or `null`. */
  private async savedOutcome(jobId: string): Promise<string | null> {
    const { client } = await this.open();
    return client.get(resultKey(this.queueName, jobId));
  }

  private interrupted(jobId: string, reason: string | undefined): void {
    const entry = this.take(jobId);
    if (!entry) return;
    const name = entry.data.task;
    // A task's own errors come back in a completed job (ok: false): a failed job is the
    // infrastructure's (its worker died, or it was stopped for an earlier coordinator's cancel),
    // so the attempt was interrupted and runs again.
    const why = isStalledReason(reason)
      ? 'its worker stopped answering (job stalled)'
      : `its job was stopped on the worker (${reason ?? 'no reason given'})`;
    this.fail(entry, new AttemptInterruptedError(name, why));
  }

  /** Ends a waiting attempt without a result (the scheduler may retry it: see `failedHere`). */
  private fail(entry: Pending | undefined, error: unknown): void {
    if (!entry) return;
    this.failedHere.add(retryKey(entry.data));
    entry.reject(error);
  }

  /** Removes a job still queued, and tells the workers to stop it if one is running it. */
  private async stop(jobId: string, reason: unknown): Promise<void> {
    if (!this.opened) return;
    try {
      const { queue, client } = await this.opened;
      // A job on its way to Redis is there once its bulk is: then it is removed like any other.
      await this.addsInFlight.get(jobId)?.catch(() => undefined);
      // Only a job still queued is removed: a finished one holds work done (a resumed run takes
      // its outcome), and BullMQ removes any job whose lock is free.
      const state = await queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed' || state === 'unknown') return;
      if (state !== 'active' && (await queue.remove(jobId).catch(() => 0)) === 1) return;
      const message: CancelMessage = {
        jobId,
        reason: reason instanceof TaskTimeoutError ? 'timeout' : 'cancel',
        ...(reason instanceof TaskTimeoutError ? { timeoutMs: reason.timeoutMs } : {}),
      };
      await client.set(cancelKey(this.queueName, jobId), message.reason, 'PX', CANCEL_MARK_MS);
      await client.publish(cancelChannel(this.queueName), JSON.stringify(message));
    } catch {
      // Redis unreachable: the worker's own deadline (timeouts) or the run's end covers it.
    }
  }

  /** Closes the connections (the jobs of finished runs expire by themselves). */
  async dispose(): Promise<void> {
    clearInterval(this.reconcileTimer);
    this.unwatch?.();
    await within(Promise.allSettled([...this.stopping]), 2_000);
    const opened = this.opened;
    this.opened = undefined;
    this.openNow = undefined;
    if (!opened) return;
    const { queue, events, client, logs } = await opened.catch(() => ({
      queue: undefined,
      events: undefined,
      client: undefined,
      logs: undefined,
    }));
    this.logRuns.clear();
    client?.disconnect();
    logs?.disconnect();
    // Closing waits for Redis; when it is gone (the run stopped for that), do not wait for ever.
    await within(Promise.allSettled([queue?.close(), events?.close()]), 2_000);
    void queue?.disconnect().catch(() => undefined);
    void events?.disconnect().catch(() => undefined);
  }
}

/** A task (or one instance of a mapped task) of a run: what `failedHere` keeps. */
function retryKey(data: AttemptJobData): string {
  return `${data.runId}\0${data.task}\0${data.map?.index ?? ''}`;
}

/** Rejects with `error()` when `promise` has not settled within `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Waits for `promise`, but no longer than `ms` (Redis may be gone). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The id of the newest entry of a queue's BullMQ event stream (`0-0` when it is empty). */
export async function lastEventId(client: Redis, queue: string): Promise<string> {
  const newest = await client.xrevrange(`bull:${queue}:events`, '+', '-', 'COUNT', 1);
  return newest[0]?.[0] ?? '0-0';
}
