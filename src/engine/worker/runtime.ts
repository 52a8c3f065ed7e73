// The task runtime inside a worker: runs queued attempts one after another (or up to `concurrency`
// at once, for awaiting tasks), captures their logs and reports outcomes in batches. Side-effect free (no globals touched at import): tests use it directly.
// Here: the queue and when attempts start; an attempt and its chain run in AttemptRunner, the
// reports (outcomes, log lines) are held and sent by RuntimeReports.
import { deserializeError, serializeError } from '../model/serializeError.ts';
import type { SerializedError } from '../model/types.ts';
import { AttemptRunner } from './AttemptRunner.ts';
import type { AttemptMessage, WorkerReport } from './protocol.ts';
import { FOLLOWER_FLUSH_MS, RuntimeReports } from './RuntimeReports.ts';

/** Where reports go; `transfer` lists the buffers to move rather than copy. */
export type ReportFn = (report: WorkerReport, transfer: ArrayBuffer[]) => void;

/** Tuning of a runtime (defaults suit a real worker). */
export interface RuntimeOptions {
  /** Outcomes are reported at least this often while a long queue drains. */
  outcomeFlushMs?: number;
  /** Log lines are sent at most this often; the first after a quiet spell goes at once. */
  logFlushMs?: number;
  /** Where logs without a running attempt go (a leftover timer of a finished task). */
  strayConsole?: Pick<Console, 'log'>;
  now?: () => number;
  /** Attempts in flight at once (default 1: one after another, in order). */
  concurrency?: number;
  /**
   * Side by side: report `awaiting` when every attempt sent has started and the thread has been
   * free for {@link AWAITING_PROBE_MS} since (they all wait on timers or I/O).
   */
  reportAwaiting?: boolean;
  /**
   * Shared with the host (TaskWorkerConnect.taken): counts the attempts taken from the queue, each
   * before it runs. Side by side, the host then knows which attempts began without a `started`
   * report per attempt (one message each, nearly half the cost of a no-op task).
   */
  taken?: Int32Array;
}

/** How long the thread must stay free, with attempts in flight, before the worker says `awaiting`. */
export const AWAITING_PROBE_MS = 5;

/** Runs attempts in a worker. One instance per worker. */
export class TaskRuntime {
  private readonly queue: AttemptMessage[] = [];
  private head = 0;
  private draining = false;
  private readonly aborted = new Map<number, SerializedError>();
  private readonly concurrency: number;
  private readonly reports: RuntimeReports;
  private readonly attempts: AttemptRunner;
  private readonly now: () => number;
  private idleWaiters: (() => void)[] = [];
  private awaitingProbe: ReturnType<typeof setTimeout> | undefined;

  constructor(
    report: ReportFn,
    private readonly options: RuntimeOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.reports = new RuntimeReports(report, options, this.now);
    this.attempts = new AttemptRunner(
      this.reports,
      this.aborted,
      options,
      this.now,
      this.concurrency,
    );
  }

  /** Queues attempts; they start in order once earlier ones have finished. */
  enqueue(batch: readonly AttemptMessage[]): void {
    const compiler = this.attempts.compiler;
    for (const message of batch) {
      compiler.hold(message.task);
      if (message.then) for (const follower of message.then) compiler.hold(follower.task);
      this.queue.push(message);
    }
    if (this.concurrency > 1) this.pump();
    else if (!this.draining) void this.drain();
  }

  /** Aborts attempts by id: the running one's `ctx.signal` fires; queued ones are skipped. */
  abort(ids: readonly number[], reason: SerializedError): void {
    for (const id of ids) {
      const running = this.attempts.running.get(id);
      if (running) running.abort(deserializeError(reason));
      else this.aborted.set(id, reason);
    }
  }

  /** Reports an uncaught error, blaming the running attempt, with every outcome not yet reported. */
  crash(error: unknown): void {
    const current = this.attempts.current;
    const crash = {
      error: serializeError(error),
      ...(current ? { attemptId: current.id } : {}),
    };
    this.reports.flush(crash);
  }

  /** Resolves when the queue is empty and everything has been reported. */
  idle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Number of compiled tasks cached (for tests and diagnostics). */
  get cachedTasks(): number {
    return this.attempts.compiler.size;
  }

  /** Concurrent mode: starts queued attempts while fewer than `concurrency` run. */
  private pump(): void {
    this.draining = true;
    const taken = this.options.taken;
    const running = this.attempts.running;
    const began = this.now();
    while (running.size < this.concurrency && this.head < this.queue.length) {
      // An attempt that held the thread (CPU-bound) has ended by now, but its outcome is recorded
      // in a microtask: go on after that, so it is reported before the next one can hold the
      // thread (its downstream tasks and its timeout's clock depend on it).
      if (this.now() - began >= FOLLOWER_FLUSH_MS) {
        queueMicrotask(this.resumePump);
        return;
      }
      const message = this.queue[this.head++]!;
      // Counted before it can block the thread; the host reads it when it replaces this worker.
      if (taken) Atomics.add(taken, 0, 1);
      if (this.aborted.delete(message.id)) {
        this.reports.outcomes.push({ type: 'skipped', id: message.id });
        continue;
      }
      void this.attempts.runChain(message).then(() => {
        // Outcomes of attempts that end together go in one report.
        this.reports.flushSoon();
        this.pump();
      });
    }
    if (this.head === this.queue.length && running.size > 0) this.probeAwaiting();
    if (running.size > 0 || this.head < this.queue.length) return;
    this.queue.length = 0;
    this.head = 0;
    this.draining = false;
    this.reports.flush();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private readonly resumePump = (): void => {
    if (this.reports.outcomes.length > 0) this.reports.flush();
    this.pump();
  };

  /**
   * Everything sent has started: if the thread is still free a moment later with attempts in
   * flight, they are waiting, not computing, and the host may send more. Once per batch received.
   */
  private probeAwaiting(): void {
    if (!this.options.reportAwaiting || this.awaitingProbe !== undefined) return;
    const timer = setTimeout(() => {
      this.awaitingProbe = undefined;
      if (this.attempts.running.size === 0 || this.head < this.queue.length) return;
      this.reports.awaiting = true;
      this.reports.flush();
    }, AWAITING_PROBE_MS);
    (timer as { unref?: () => void }).unref?.();
    this.awaitingProbe = timer;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    const flushEvery = this.options.outcomeFlushMs ?? 20;
    let lastFlush = this.now();
    while (this.head < this.queue.length) {
      const message = this.queue[this.head++]!;
      const reason = this.aborted.get(message.id);
      if (reason) {
        this.aborted.delete(message.id);
        this.reports.outcomes.push({ type: 'skipped', id: message.id });
      } else {
        await this.attempts.runChain(message);
      }
      if (this.now() - lastFlush >= flushEvery) {
        this.reports.flush();
        lastFlush = this.now();
      }
    }
    this.queue.length = 0;
    this.head = 0;
    this.draining = false;
    this.reports.flush();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
