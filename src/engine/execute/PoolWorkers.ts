// The worker pool's workers: starting them (ahead of need too), taking in their reports, ending
// idle ones, and replacing one that times out, crashes or ignores a cancel.
import type { AttemptOutcome, WorkerReport } from '../worker/protocol.ts';
import { deserializeError, serializeError } from '../model/serializeError.ts';
import type { BatchWindow } from './batchWindow.ts';
import type { PoolJobs } from './PoolJobs.ts';
import { releaseAttempts } from './poolReplace.ts';
import {
  firstInflight,
  firstStarted,
  FollowerDropped,
  unrefTimer,
  type PoolJob,
  type Slot,
} from './poolSlot.ts';
import type { WorkerPoolOptions } from './WorkerPool.ts';
import { spawnWorker } from './workerLink.ts';

/** How much more a worker whose attempts all wait may take at each step (see `widen`). */
const WIDEN_FACTOR = 4;

/** The workers of a {@link WorkerPool}, alive or starting. */
export class PoolWorkers {
  readonly slots = new Set<Slot>();
  private everStarted = false;
  private failure: Error | undefined;
  private ended = false;

  constructor(
    private readonly options: WorkerPoolOptions,
    private readonly jobs: PoolJobs,
    private readonly window: BatchWindow,
    /** Has the pool send the waiting attempts out (once per tick). */
    private readonly scheduleFlush: () => void,
  ) {}

  /** Why no worker can be started at all (attempts are handed back), once that is known. */
  get unavailable(): Error | undefined {
    return this.failure;
  }

  /** True once the pool was disposed. */
  get disposed(): boolean {
    return this.ended;
  }

  get perWorker(): number {
    return Math.max(1, this.options.perWorker ?? 1);
  }

  /** Most attempts a worker runs at once while they wait (see `awaitingMax`). */
  private get awaitingMax(): number {
    return Math.max(this.perWorker, Math.floor(this.options.awaitingMax ?? 0));
  }

  /** Attempts the workers may hold beyond the window, because theirs are all waiting. */
  get wider(): number {
    let extra = 0;
    for (const slot of this.slots) extra += slot.wider;
    return extra;
  }

  /** Starts workers ahead of need, up to `count` (at most `maxWorkers`). */
  warm(count: number): void {
    if (this.ended || this.failure) return;
    const target = Math.min(Math.max(0, Math.floor(count)), this.options.maxWorkers);
    while (this.slots.size < target) this.spawn(true);
  }

  /** Starts a worker; `ahead` when no attempt asked for it (warm): see the failure below. */
  spawn(ahead = false): void {
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
        if (!this.slots.has(slot) || this.ended) return link.terminate();
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
        if (ahead && this.jobs.waiting === 0) return;
        if (!this.everStarted) {
          this.failure = reason;
          this.jobs.handBack(reason);
        } else if (this.slots.size === 0) {
          this.jobs.failWaiting(reason);
        }
      },
    );
  }

  /** Settles an attempt with `reason` at once, replacing its worker as `mode` says (see WorkerPool.cancel). */
  cancel(job: PoolJob, reason: unknown, mode: 'now' | 'grace' | 'finish', graceMs: number): void {
    const id = job.message.id;
    if (mode === 'finish' && job.slot) {
      const running = job.slot;
      running.link?.abort([id], serializeError(reason));
      job.graceTimer = unrefTimer(
        setTimeout(() => {
          if (!running.inflight.has(id) || !this.slots.has(running)) return;
          this.jobs.settle(job, false, reason);
          this.replace(running, undefined);
        }, graceMs),
      );
      return;
    }
    this.jobs.settle(job, false, reason);
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

  /** Ends every worker, for good. */
  dispose(): void {
    this.ended = true;
    for (const slot of [...this.slots]) this.retire(slot);
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
      return this.jobs.settle(
        job,
        false,
        job.after ? new FollowerDropped() : new Error('Attempt skipped'),
      );
    this.window.record(outcome.durationMs);
    if (outcome.type === 'ok') this.jobs.settle(job, true, outcome.value);
    else this.jobs.settle(job, false, deserializeError(outcome.error));
  }

  /**
   * Every attempt the worker holds is waiting: it may take four times as many, up to `awaitingMax`
   * (4 → 16 → 64 by default: each step costs a probe and a message, so a fan-out of awaiting tasks
   * reaches its width in two steps; doubling took four).
   */
  private widen(slot: Slot): void {
    const room = this.awaitingMax - this.perWorker;
    if (slot.wider >= room) return;
    slot.wider = Math.min(room, WIDEN_FACTOR * (this.perWorker + slot.wider) - this.perWorker);
    this.scheduleFlush();
    this.options.onWider?.();
  }

  /** A worker died: the attempt to blame fails, the others go back to the queue, a fresh worker starts. */
  private onDeath(slot: Slot, error: Error, blameId: number | undefined): void {
    if (!this.slots.has(slot)) return;
    this.replace(slot, blameId === undefined ? undefined : { id: blameId, error }, error);
  }

  /** Ends a worker and starts another; what becomes of its attempts: see {@link releaseAttempts}. */
  private replace(slot: Slot, blame: { id: number; error: Error } | undefined, died?: Error): void {
    const requeue = releaseAttempts(slot, this.jobs, this.perWorker, blame, died);
    this.retire(slot);
    this.jobs.requeue(requeue);
    if (!this.ended) this.spawn();
    this.scheduleFlush();
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    slot.link?.terminate();
  }

  /** After attempts settled (or the worker started): more to send, or the worker goes idle. */
  afterSettle(slot: Slot): void {
    if (this.jobs.waiting > 0) this.scheduleFlush();
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
}
