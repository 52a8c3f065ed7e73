// A lazily started, self-healing pool of task-runner workers. Attempts queue here and go out in
// batches; a worker that times out, crashes or ignores a cancel is terminated and replaced.
// Here: the pool's API and the dispatch of batches; the attempts are kept in PoolJobs, the
// workers started, idled and replaced in PoolWorkers.
import type { AttemptMessage, FollowerMessage, TaskPayload } from '../worker/protocol.ts';
import type { LogLine } from '../model/types.ts';
import { BatchWindow } from './batchWindow.ts';
import { PoolJobs } from './PoolJobs.ts';
import { PoolWorkers } from './PoolWorkers.ts';
import { wireAttempt } from './poolWire.ts';
import type { PoolJob, Slot } from './poolSlot.ts';
import type { SpawnWorker } from './workerLink.ts';

export type { PoolJob } from './poolSlot.ts';

/** A task of a chain to run right after an attempt in the same worker (see AttemptMessage.then). */
export interface PoolFollower {
  task: TaskPayload;
  attempt: number;
  onLog: (line: LogLine) => void;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  maxWorkers: number;
  /** Idle workers end after this long (default 30 s). */
  idleTtlMs?: number;
  /** Most attempts a worker holds at once when attempts are tiny (default 64). */
  maxBatch?: number;
  /**
   * Attempts a worker runs at once (default 1: one after another). Above 1, the worker reports
   * each start; when it dies or is replaced, the attempts it had started fail (interrupted)
   * instead of going back to the queue, so no attempt can run twice.
   */
  perWorker?: number;
  /**
   * Attempts a worker may run at once while they all wait on timers or I/O (at least `perWorker`):
   * a worker that says every attempt it holds is waiting may hold twice as many, up to this.
   * Unset: exactly `perWorker`.
   */
  awaitingMax?: number;
  /** Told when workers can take more attempts than before (see `awaitingMax`). */
  onWider?: () => void;
  /**
   * While attempts are tiny, the attempts waiting go to as few workers as their batches hold (the
   * least busy first) instead of being spread over every worker: one message and one wake-up of a
   * thread for a whole batch. Slow attempts (a batch of one) are spread as without it. Default off.
   */
  fillBatches?: boolean;
  /** How to start a worker (tests inject failures here). */
  spawn?: SpawnWorker;
  /** Told when an attempt settles (its result, error or cancel is final), with its id. */
  onSettled?: (id: number) => void;
  /** Called once when no worker can be started at all; queued jobs are handed back. */
  onUnavailable?: (error: Error, jobs: PoolJob[]) => void;
}

/** A pool of task-runner workers (Web Workers or worker_threads). */
export class WorkerPool {
  private readonly window: BatchWindow;
  private readonly jobs: PoolJobs;
  private readonly workers: PoolWorkers;
  private flushQueued = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.window = new BatchWindow({ maxBatch: options.maxBatch ?? 64, targetBatchMs: 4 });
    this.jobs = new PoolJobs(options);
    this.workers = new PoolWorkers(options, this.jobs, this.window, () => this.scheduleFlush());
  }

  /** Workers alive or starting. */
  get size(): number {
    return this.workers.slots.size;
  }

  /** Attempts one worker may hold right now: two batches when attempts are tiny (see {@link BatchWindow}). */
  get windowSize(): number {
    const size = this.window.size;
    return Math.max(size > 1 ? size * 2 : 1, this.workers.perWorker);
  }

  /** Attempts the pool's workers may hold beyond the window, because theirs are all waiting. */
  get wider(): number {
    return this.workers.wider;
  }

  /**
   * Starts workers ahead of need, up to `count` (at most `maxWorkers`), so the first attempts of a
   * run do not wait for a worker to start. Unused, they end after the idle time like any other.
   */
  warm(count = this.options.maxWorkers): void {
    this.workers.warm(count);
  }

  /** Queues an attempt; settles with its result or error. */
  submit(
    task: TaskPayload,
    call: Pick<
      AttemptMessage,
      'inputs' | 'attempt' | 'runId' | 'missing' | 'params' | 'secrets' | 'map'
    >,
    exclusive: boolean,
    onLog: (line: LogLine) => void,
    followers?: readonly PoolFollower[],
    /** Called when the attempt begins in its worker (its start is then reported). */
    onStart?: () => void,
  ): {
    id: number;
    promise: Promise<unknown>;
    followers?: { id: number; promise: Promise<unknown> }[];
  } {
    const head = this.jobs.create({ id: this.jobs.newId(), task, ...call }, exclusive, onLog);
    if (onStart) {
      head.job.onStart = onStart;
      head.job.message.announce = true;
    }
    (exclusive ? this.jobs.exclusive : this.jobs.normal).push(head.job);
    this.scheduleFlush();
    if (!followers || followers.length === 0)
      return { id: head.job.message.id, promise: head.promise };
    // A chain: each follower settles on its own, reported by the worker that runs the head.
    const chain: FollowerMessage[] = [];
    const jobs: PoolJob[] = [];
    const out: { id: number; promise: Promise<unknown> }[] = [];
    let after = head.job;
    for (const follower of followers) {
      const id = this.jobs.newId();
      const next = this.jobs.create(
        { id, task: follower.task, inputs: {}, attempt: follower.attempt, runId: call.runId },
        false,
        follower.onLog,
      );
      next.job.after = after;
      after = next.job;
      chain.push({ id, task: follower.task, attempt: follower.attempt });
      jobs.push(next.job);
      out.push({ id, promise: next.promise });
    }
    head.job.message.then = chain;
    head.job.followers = jobs;
    return { id: head.job.message.id, promise: head.promise, followers: out };
  }

  /**
   * Settles an attempt with `reason` at once. `'now'`: its worker is terminated and replaced
   * (hard timeout). `'grace'`: its `ctx.signal` fires in the worker, which is replaced only if the
   * attempt has not ended after `graceMs`. `'finish'`: as `'grace'`, but an attempt that ends
   * within `graceMs` settles with its own outcome; only then is it settled with `reason`.
   */
  cancel(id: number, reason: unknown, mode: 'now' | 'grace' | 'finish', graceMs = 200): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.workers.cancel(job, reason, mode, graceMs);
  }

  /** Ends every worker; queued and running attempts reject. */
  async dispose(): Promise<void> {
    this.workers.dispose();
    const error = new Error('The worker pool was disposed');
    this.jobs.failAll(error);
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Coalesce every submit of this tick into one message per worker.
    queueMicrotask(this.queuedFlush);
  }

  private readonly queuedFlush = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  private flush(): void {
    if (this.workers.disposed) return;
    const unavailable = this.workers.unavailable;
    if (unavailable) {
      this.jobs.handBack(unavailable);
      return;
    }
    const slots = this.workers.slots;
    const normal = this.jobs.normal;
    const exclusive = this.jobs.exclusive;
    // Two batches per worker when attempts are tiny, so the next one is there when one ends.
    const window = exclusive.length > 0 ? 1 : this.windowSize;
    const ready: Slot[] = [];
    let starting = 0;
    for (const slot of slots) {
      if (!slot.link) starting++;
      else if (!slot.exclusive) ready.push(slot);
    }
    if (ready.length > 1) ready.sort((a, b) => a.inflight.size - b.inflight.size);
    // One waiting attempt is kept for each worker that is starting or may still start: work never
    // piles up on a busy worker while another could take it.
    const reserve = starting + this.options.maxWorkers - slots.size;
    for (const slot of ready) {
      const batch: PoolJob[] = [];
      if (slot.inflight.size === 0) {
        const job = this.jobs.take(exclusive);
        if (job) {
          slot.exclusive = true;
          batch.push(job);
        }
      }
      const even = Math.ceil(normal.length / this.options.maxWorkers);
      const share = this.options.fillBatches
        ? Math.max(even, Math.min(this.window.size, normal.length))
        : even;
      const spare =
        slot.inflight.size + batch.length === 0
          ? Math.max(1, share)
          : Math.min(share, normal.length - reserve);
      const limit = Math.min(window + slot.wider - slot.inflight.size, spare);
      while (!slot.exclusive && batch.length < limit) {
        const job = this.jobs.take(normal);
        if (!job) break;
        batch.push(job);
      }
      if (batch.length > 0) this.send(slot, batch);
    }
    const waiting = normal.length + exclusive.length;
    for (let n = Math.min(this.options.maxWorkers - slots.size, waiting - starting); n > 0; n--)
      this.workers.spawn();
  }

  private send(slot: Slot, batch: PoolJob[]): void {
    const link = slot.link!;
    // Busy again: its idle timer (if armed) finds it busy and lets it be, see PoolWorkers.idle().
    slot.idleSince = undefined;
    link.setBusy(true);
    // Side by side, a worker reports each start, except the first attempt sent to it while it has
    // nothing in flight: that one starts as soon as it arrives, and counts as started from now.
    // (A chain of small tasks then costs one message each way per task, not two back.)
    const first = batch[0];
    if (slot.inflight.size === 0 && first) {
      if (this.workers.perWorker > 1) {
        first.message.startKnown = true;
        first.started = true;
      }
      first.onStart?.();
    }
    for (const job of batch) {
      job.slot = slot;
      slot.inflight.set(job.message.id, job);
      // Its chain runs right after it, in this worker, in this order.
      for (const follower of job.followers ?? []) {
        follower.slot = slot;
        slot.inflight.set(follower.message.id, follower);
      }
    }
    const messages = batch.map((job) => wireAttempt(slot, job.message));
    let sent: void | Promise<void>;
    try {
      sent = link.run(messages);
    } catch (error) {
      this.unsent(slot, batch, error);
      return;
    }
    // Posted: the worker takes these in this order, after every batch sent before.
    for (const job of batch) job.seq = slot.sent++;
    sent?.catch((error: unknown) => this.unsent(slot, batch, error));
  }

  /**
   * The batch never reached the worker (e.g. an input that cannot be cloned): fail it. The sources
   * it carried did not arrive either: send every source in full from now on.
   */
  private unsent(slot: Slot, batch: PoolJob[], error: unknown): void {
    slot.known.clear();
    for (const job of batch) {
      slot.inflight.delete(job.message.id);
      this.jobs.settle(job, false, error);
      for (const follower of job.followers ?? []) slot.inflight.delete(follower.message.id);
      this.jobs.dropFollowers(job);
    }
    this.workers.afterSettle(slot);
  }
}
