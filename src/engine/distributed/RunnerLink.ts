// A DistributedRunner's connections to Redis: the queue, its event stream, a client for cancels
// and look-ups, and a subscriber for live logs; opened once, waited for no longer than Redis may
// be away, and watched while open. Node only.
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { FlowWeaverError } from '../model/errors.ts';
import type { DistributedRunnerOptions } from './DistributedRunner.ts';
import { REDIS_UNAVAILABLE, redactRedisUrl, redisOptions, watchRedis } from './redisLink.ts';

/** The connections of a runner. */
export interface Opened {
  queue: Queue;
  events: QueueEvents;
  client: Redis;
  /** Subscribed to the log channels of the runs this runner coordinates. */
  logs: Redis;
}

/** What a {@link RunnerLink} tells its runner. */
export interface LinkEvents {
  warn(message: string): void;
  /** Redis stayed unreachable past the timeout. */
  giveUp(error: Error): void;
  /** Look up every job waited on for at least `olderThanMs` (Redis is back: all of them). */
  reconcile(olderThanMs: number): void;
  /** A message on a run's log channel. */
  logMessage(text: string): void;
  completed(jobId: string, returnvalue: unknown): void;
  failed(jobId: string, reason: string | undefined): void;
  /** A job added again under the id of one that exists (see the 'duplicated' event). */
  duplicated(queue: Queue, jobId: string): void;
  /** Connecting failed: close what is open (the next run tries again). */
  connectFailed(): void;
}

/** How often jobs waited on for a while are looked up directly, in case an event was missed. */
const RECONCILE_EVERY_MS = 5_000;

/** Opens a runner's connections once, and forgets them when it is disposed. */
export class RunnerLink {
  opened: Promise<Opened> | undefined;
  /** The connections once open (`open()` without a turn of waiting). */
  now: Opened | undefined;
  private unwatch: (() => void) | undefined;
  private reconcileTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly options: DistributedRunnerOptions,
    private readonly queueName: string,
    private readonly on: LinkEvents,
  ) {}

  /** Connects (once): the queue, its event stream and a client for cancels and look-ups. */
  open(): Promise<Opened> {
    this.opened ??= (async () => {
      const connection = redisOptions(this.options.redisUrl);
      const client = new Redis(connection);
      const timeoutMs = this.options.redisUnavailableTimeoutMs ?? 30_000;
      this.unwatch = watchRedis(client, this.options.redisUrl, {
        onWarning: (message) => this.on.warn(message),
        unavailableTimeoutMs: timeoutMs,
        onGiveUp: (error) => this.on.giveUp(error),
        onBack: () => this.on.reconcile(0),
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
      logs.on('message', (_channel: string, text: string) => this.on.logMessage(text));
      queue.on('error', () => undefined);
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => this.on.completed(jobId, returnvalue));
      events.on('failed', ({ jobId, failedReason }) => this.on.failed(jobId, failedReason));
      // An attempt added again (a restarted coordinator whose state lagged): take the job's outcome.
      events.on('duplicated', ({ jobId }) => this.on.duplicated(queue, jobId));
      await withDeadline(
        Promise.all([client.ping(), logs.ping(), queue.waitUntilReady(), events.waitUntilReady()]),
        timeoutMs,
        unanswered,
      );
      this.reconcileTimer = setInterval(
        () => this.on.reconcile(RECONCILE_EVERY_MS),
        RECONCILE_EVERY_MS,
      );
      this.reconcileTimer.unref?.();
      this.now = { queue, events, client, logs };
      return this.now;
    })();
    const opening = this.opened;
    // A failed connect is not kept: the next run tries again.
    opening.catch(() => {
      if (this.opened === opening) this.on.connectFailed();
    });
    return opening;
  }

  /** Stops the reconcile rounds and the watch on Redis. */
  stopWatching(): void {
    clearInterval(this.reconcileTimer);
    this.unwatch?.();
  }

  /** The connections, opened or opening, forgotten (the next `open` connects again). */
  forget(): Promise<Opened> | undefined {
    const opened = this.opened;
    this.opened = undefined;
    this.now = undefined;
    return opened;
  }
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
export async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The id of the newest entry of a queue's BullMQ event stream (`0-0` when it is empty). */
export async function lastEventId(client: Redis, queue: string): Promise<string> {
  const newest = await client.xrevrange(`bull:${queue}:events`, '+', '-', 'COUNT', 1);
  return newest[0]?.[0] ?? '0-0';
}
