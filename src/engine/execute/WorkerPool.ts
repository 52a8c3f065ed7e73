// A lazily started, self-healing pool of task-runner workers. Attempts queue here and go out in
// batches; a worker that times out, crashes or ignores a cancel is terminated and replaced.
import type {
  AttemptMessage,
  AttemptOutcome,
  FollowerMessage,
  TaskPayload,
  WorkerReport,
} from '../worker/protocol.ts';
import type { LogLine } from '../model/types.ts';
import { deserializeError, serializeError } from '../model/serializeError.ts';
import { BatchWindow } from './batchWindow.ts';
import { Deque } from './Deque.ts';
import {
  crashError,
  firstInflight,
  firstStarted,
  FollowerDropped,
  interruptedError,
  noteTaken,
  unrefTimer,
  type PoolJob,
  type Slot,
} from './poolSlot.ts';
import { spawnWorker, type SpawnWorker } from './workerLink.ts';

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
  private readonly slots = new Set<Slot>();
  private readonly normal = new Deque<PoolJob>();
  private readonly exclusive = new Deque<PoolJob>();
  private readonly window: BatchWindow;
  private readonly jobs = new Map<number, PoolJob>();
  private nextId = 1;
  private flushQueued = false;
  private everStarted = false;
  private unavailable: Error | undefined;
  private disposed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.window = new BatchWindow({ maxBatch: options.maxBatch ?? 64, targetBatchMs: 4 });
  }

  /** Workers alive or starting. */
  get size(): number {
    return this.slots.size;
  }

  /** Attempts one worker may hold right now: two batches when attempts are tiny (see {@link BatchWindow}). */
  get windowSize(): number {
    const size = this.window.size;
    return Math.max(size > 1 ? size * 2 : 1, this.perWorker);
  }

  private get perWorker(): number {
    return Math.max(1, this.options.perWorker ?? 1);
  }

  /** Most attempts a worker runs at once while they wait (see `awaitingMax`). */
  private get awaitingMax(): number {
    return Math.max(this.perWorker, Math.floor(this.options.awaitingMax ?? 0));
  }

  /** Attempts the pool's workers may hold beyond the window, because theirs are all waiting. */
  get wider(): number {
    let extra = 0;
    for (const slot of this.slots) extra += slot.wider;
    return extra;
  }

  /**
   * Starts workers ahead of need, up to `count` (at most `maxWorkers`), so the first attempts of a
   * run do not wait for a worker to start. Unused, they end after the idle time like any other.
   */
  warm(count = this.options.maxWorkers): void {
    if (this.disposed || this.unavailable) return;
    const target = Math.min(Math.max(0, Math.floor(count)), this.options.maxWorkers);
    while (this.slots.size < target) this.spawn(true);
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
    const head = this.newJob({ id: this.nextId++, task, ...call }, exclusive, onLog);
    if (onStart) {
      head.job.onStart = onStart;
      head.job.message.announce = true;
    }
    (exclusive ? this.exclusive : this.normal).push(head.job);
    this.scheduleFlush();
    if (!followers || followers.length === 0)
      return { id: head.job.message.id, promise: head.promise };
    // A chain: each follower settles on its own, reported by the worker that runs the head.
    const chain: FollowerMessage[] = [];
    const jobs: PoolJob[] = [];
    const out: { id: number; promise: Promise<unknown> }[] = [];
    let after = head.job;
    for (const follower of followers) {
      const id = this.nextId++;
      const next = this.newJob(
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

  private newJob(
    message: AttemptMessage,
    exclusive: boolean,
    onLog: (line: LogLine) => void,
  ): { job: PoolJob; promise: Promise<unknown> } {
    let job!: PoolJob;
    const promise = new Promise<unknown>((resolve, reject) => {
      job = { message, exclusive, onLog, resolve, reject, settled: false };
    });
    this.jobs.set(message.id, job);
    return { job, promise };
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
    if (mode === 'finish' && job.slot) {
      const running = job.slot;
      running.link?.abort([id], serializeError(reason));
      job.graceTimer = unrefTimer(
        setTimeout(() => {
          if (!running.inflight.has(id) || !this.slots.has(running)) return;
          this.settle(job, false, reason);
          this.replace(running, undefined);
        }, graceMs),
      );
      return;
    }
    this.settle(job, false, reason);
    const slot = job.slot;
    if (!slot) return; // still queued: skipped when dequeued
    if (mode === 'now') {
      this.replace(slot, undefined);
      return;
    }
    slot.link?.abort([id], serializeError(reason));
    job.graceTimer = unrefTimer(
      setTimeout(() => {
        if (slot.inflight.has(id) && this.slots.has(slot)) this.replace(slot, undefined);
      }, graceMs),
    );
  }

  /** Ends every worker; queued and running attempts reject. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const error = new Error('The worker pool was disposed');
    for (const slot of [...this.slots]) this.retire(slot);
    for (const job of [...this.normal.drain(), ...this.exclusive.drain()])
      this.settle(job, false, error);
    for (const job of [...this.jobs.values()]) this.settle(job, false, error);
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
    if (this.disposed) return;
    if (this.unavailable) {
      this.handBack(this.unavailable);
      return;
    }
    // Two batches per worker when attempts are tiny, so the next one is there when one ends.
    const window = this.exclusive.length > 0 ? 1 : this.windowSize;
    const ready: Slot[] = [];
    let starting = 0;
    for (const slot of this.slots) {
      if (!slot.link) starting++;
      else if (!slot.exclusive) ready.push(slot);
    }
    if (ready.length > 1) ready.sort((a, b) => a.inflight.size - b.inflight.size);
    // One waiting attempt is kept for each worker that is starting or may still start: work never
    // piles up on a busy worker while another could take it.
    const reserve = starting + this.options.maxWorkers - this.slots.size;
    for (const slot of ready) {
      const batch: PoolJob[] = [];
      if (slot.inflight.size === 0) {
        const job = this.take(this.exclusive);
        if (job) {
          slot.exclusive = true;
          batch.push(job);
        }
      }
      const even = Math.ceil(this.normal.length / this.options.maxWorkers);
      const share = this.options.fillBatches
        ? Math.max(even, Math.min(this.window.size, this.normal.length))
        : even;
      const spare =
        slot.inflight.size + batch.length === 0
          ? Math.max(1, share)
          : Math.min(share, this.normal.length - reserve);
      const limit = Math.min(window + slot.wider - slot.inflight.size, spare);
      while (!slot.exclusive && batch.length < limit) {
        const job = this.take(this.normal);
        if (!job) break;
        batch.push(job);
      }
      if (batch.length > 0) this.send(slot, batch);
    }
    const waiting = this.normal.length + this.exclusive.length;
    for (
      let n = Math.min(this.options.maxWorkers - this.slots.size, waiting - starting);
      n > 0;
      n--
    )
      this.spawn();
  }

  private take(queue: Deque<PoolJob>): PoolJob | undefined {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (!job.settled) return job;
      this.dropFollowers(job);
    }
    return undefined;
  }

  /** A head that will never reach a worker: its chain is the host's to dispatch again. */
  private dropFollowers(job: PoolJob): void {
    for (const follower of job.followers ?? []) this.settle(follower, false, new FollowerDropped());
  }

  private send(slot: Slot, batch: PoolJob[]): void {
    const link = slot.link!;
    // Busy again: its idle timer (if armed) finds it busy and lets it be, see idle().
    slot.idleSince = undefined;
    link.setBusy(true);
    // Side by side, a worker reports each start, except the first attempt sent to it while it has
    // nothing in flight: that one starts as soon as it arrives, and counts as started from now.
    // (A chain of small tasks then costs one message each way per task, not two back.)
    const first = batch[0];
    if (slot.inflight.size === 0 && first) {
      if (this.perWorker > 1) {
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
    const messages = batch.map((job) => this.wire(slot, job.message));
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
      this.settle(job, false, error);
      for (const follower of job.followers ?? []) slot.inflight.delete(follower.message.id);
      this.dropFollowers(job);
    }
    this.afterSettle(slot);
  }

  /**
   * The attempt as this worker gets it: the task's source the first time, its key alone once the
   * worker holds it (a retry, another run, or another task with the same source or function).
   */
  private wire(slot: Slot, message: AttemptMessage): AttemptMessage {
    const task = this.wireTask(slot, message.task);
    const then = message.then?.map((f) => ({ ...f, task: this.wireTask(slot, f.task) }));
    if (task === message.task && !then) return message;
    return { ...message, task, ...(then ? { then } : {}) };
  }

  private wireTask(slot: Slot, task: TaskPayload): TaskPayload {
    if (task.kind === 'known' || task.key === undefined) return task;
    if (!slot.known.has(task.key)) {
      slot.known.add(task.key);
      return task;
    }
    return { kind: 'known', key: task.key, name: task.name };
  }

  /** Starts a worker; `ahead` when no attempt asked for it (warm): see the failure below. */
  private spawn(ahead = false): void {
    const slot: Slot = {
      link: undefined,
      inflight: new Map(),
      exclusive: false,
      idleTimer: undefined,
      idleSince: undefined,
      known: new Set(),
      sent: 0,
      wider: 0,
    };
    this.slots.add(slot);
    // A worker that may widen runs up to awaitingMax side by side; the pool sends it fewer.
    const awaitingMax = this.awaitingMax;
    const widens = awaitingMax > this.perWorker;
    const spawn = this.options.spawn ?? ((events) => spawnWorker(events, awaitingMax, widens));
    spawn({
      onReport: (report) => this.onReport(slot, report),
      // One at a time, the oldest attempt in flight was running; side by side, the oldest started.
      onExit: (error) =>
        this.onDeath(slot, error, this.perWorker > 1 ? firstStarted(slot) : firstInflight(slot)),
    }).then(
      (link) => {
        if (!this.slots.has(slot) || this.disposed) return link.terminate();
        slot.link = link;
        this.everStarted = true;
        this.afterSettle(slot);
        this.scheduleFlush();
      },
      (error: unknown) => {
        this.slots.delete(slot);
        const reason = error instanceof Error ? error : new Error(String(error));
        // A worker started ahead of need that failed with no attempt waiting for it proves
        // nothing yet: the run starts its own, and reports that one's error if it fails too.
        if (ahead && this.normal.length + this.exclusive.length === 0) return;
        if (!this.everStarted) {
          this.unavailable = reason;
          this.handBack(reason);
        } else if (this.slots.size === 0) {
          for (const job of [...this.normal.drain(), ...this.exclusive.drain()])
            this.settle(job, false, reason);
        }
      },
    );
  }

  private handBack(error: Error): void {
    const jobs = [...this.normal.drain(), ...this.exclusive.drain()].filter((job) => !job.settled);
    for (const job of jobs) {
      this.jobs.delete(job.message.id);
      this.dropFollowers(job);
      delete job.message.then;
    }
    if (this.options.onUnavailable) this.options.onUnavailable(error, jobs);
    else for (const job of jobs) this.settle(job, false, error);
  }

  private onReport(slot: Slot, report: WorkerReport): void {
    if (report.awaiting) this.widen(slot);
    if (report.started) {
      for (const id of report.started) {
        const job = slot.inflight.get(id);
        if (!job) continue;
        job.started = true;
        job.onStart?.();
      }
    }
    for (const entry of report.logs) {
      const job = slot.inflight.get(entry.id);
      if (job && !job.settled) for (const line of entry.lines) job.onLog(line);
    }
    for (const outcome of report.outcomes) this.onOutcome(slot, outcome);
    if (report.crash) {
      const { attemptId, error } = report.crash;
      this.onDeath(slot, deserializeError(error), attemptId);
    } else this.afterSettle(slot);
  }

  private onOutcome(slot: Slot, outcome: AttemptOutcome): void {
    const job = slot.inflight.get(outcome.id);
    if (!job) return;
    slot.inflight.delete(outcome.id);
    if (job.graceTimer !== undefined) clearTimeout(job.graceTimer);
    if (outcome.type === 'skipped')
      return this.settle(
        job,
        false,
        job.after ? new FollowerDropped() : new Error('Attempt skipped'),
      );
    this.window.record(outcome.durationMs);
    if (outcome.type === 'ok') this.settle(job, true, outcome.value);
    else this.settle(job, false, deserializeError(outcome.error));
  }

  /** Every attempt the worker holds is waiting: it may take twice as many, up to `awaitingMax`. */
  private widen(slot: Slot): void {
    const room = this.awaitingMax - this.perWorker;
    if (slot.wider >= room) return;
    slot.wider = Math.min(room, 2 * (this.perWorker + slot.wider) - this.perWorker);
    this.scheduleFlush();
    this.options.onWider?.();
  }

  /** A worker died: the attempt to blame fails, the others go back to the queue, a fresh worker starts. */
  private onDeath(slot: Slot, error: Error, blameId: number | undefined): void {
    if (!this.slots.has(slot)) return;
    this.replace(slot, blameId === undefined ? undefined : { id: blameId, error }, error);
  }

  /**
   * Ends a worker and starts another: the blamed attempt fails, attempts the worker had started
   * fail as interrupted, the rest go back to the queue. `died` (an unexpected death): side by
   * side, its last start reports may be lost with it, so every attempt that may have started
   * (its oldest `perWorker`) counts as started; a replacement the pool decided on comes after a
   * grace period in which the reports arrived.
   */
  private replace(slot: Slot, blame: { id: number; error: Error } | undefined, died?: Error): void {
    const requeue: PoolJob[] = [];
    noteTaken(slot);
    let mayHaveStarted = died && this.perWorker > 1 ? this.perWorker + slot.wider : 0;
    for (const [id, job] of slot.inflight) {
      if (job.graceTimer !== undefined) clearTimeout(job.graceTimer);
      if (job.settled) continue;
      if (job.after) {
        // A follower never goes back to the queue: it ran (or was about to) only if the attempt
        // before it succeeded; otherwise the host dispatches it again if it should run.
        if (id === blame?.id) this.settle(job, false, crashError(job, blame.error));
        else if (job.after.succeeded) this.settle(job, false, interruptedError(job, died));
        else this.settle(job, false, new FollowerDropped());
        continue;
      }
      const started = job.started === true || mayHaveStarted-- > 0;
      if (id === blame?.id) {
        this.settle(job, false, crashError(job, blame.error));
      } else if (started) {
        this.settle(job, false, interruptedError(job, died));
      } else {
        delete job.slot;
        // Its chain was dropped just above or will be: it goes back alone.
        delete job.message.then;
        delete job.followers;
        requeue.push(job);
      }
    }
    slot.inflight.clear();
    this.retire(slot);
    this.normal.unshiftAll(requeue.filter((job) => !job.exclusive));
    this.exclusive.unshiftAll(requeue.filter((job) => job.exclusive));
    if (!this.disposed) this.spawn();
    this.scheduleFlush();
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    slot.link?.terminate();
  }

  private afterSettle(slot: Slot): void {
    if (this.normal.length + this.exclusive.length > 0) this.scheduleFlush();
    if (slot.inflight.size > 0 || !slot.link) return;
    slot.exclusive = false;
    slot.wider = 0;
    slot.link.setBusy(false);
    if (this.slots.has(slot)) this.idle(slot);
    this.scheduleFlush();
  }

  /**
   * The worker has nothing in flight: it ends after `idleTtlMs` unless work comes first. One timer
   * per idle spell at most, not one per attempt: a chain of small tasks idles its worker between
   * every two of them, so a timer that finds the worker busy, or idle for less than the whole
   * time, is simply armed again for the rest.
   */
  private idle(slot: Slot): void {
    slot.idleSince = Date.now();
    if (slot.idleTimer !== undefined) return;
    const ttl = this.options.idleTtlMs ?? 30_000;
    const check = (): void => {
      slot.idleTimer = undefined;
      if (!this.slots.has(slot) || slot.idleSince === undefined) return;
      const left = ttl - (Date.now() - slot.idleSince);
      if (left <= 0) this.retire(slot);
      else slot.idleTimer = unrefTimer(setTimeout(check, left));
    };
    slot.idleTimer = unrefTimer(setTimeout(check, ttl));
  }

  private settle(job: PoolJob, ok: boolean, value: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.succeeded = ok;
    this.jobs.delete(job.message.id);
    this.options.onSettled?.(job.message.id);
    if (ok) job.resolve(value);
    else job.reject(value);
  }
}
