// The task runtime inside a worker: runs queued attempts one after another (or up to `concurrency`
// at once, for awaiting tasks), captures their logs and reports outcomes in batches. Side-effect free (no globals touched at import): tests use it directly.
import type { CapturedConsole } from '../model/codeTask.ts';
import { formatLogArgs } from '../model/codeTask.ts';
import { deserializeError, serializeError } from '../model/serializeError.ts';
import type { LogLine, SerializedError, TaskContext } from '../model/types.ts';
import { inspectValue } from '../execute/inspectValue.ts';
import { copyRecord, emptyRecord } from '../util/records.ts';
import { guardInputs, unguardResult } from '../model/missingInputs.ts';
import { skipTask } from '../model/errors.ts';
import { TaskCompiler } from './compile.ts';
import { AttemptLogCap } from './logCap.ts';
import { followerInput, NOT_PLAIN } from './followerInput.ts';
import type {
  AttemptMessage,
  AttemptOutcome,
  FollowerMessage,
  LogEntry,
  WorkerReport,
} from './protocol.ts';

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

type Level = LogLine['level'];

/**
 * Along a chain, finished outcomes go out before the next follower starts once this long has
 * passed since the last report: a chain of tiny tasks sends one report per ~2 ms, and a task that
 * then blocks the thread holds back at most that much.
 */
const FOLLOWER_FLUSH_MS = 2;

/** How long the thread must stay free, with attempts in flight, before the worker says `awaiting`. */
export const AWAITING_PROBE_MS = 5;
const LEVELS: readonly Level[] = ['log', 'info', 'warn', 'error', 'debug'];

/** The attempt being run; its AbortController exists only once someone needs it. */
class RunningAttempt {
  private controller: AbortController | undefined;
  private reason: unknown;
  private aborted = false;
  /** Whether it has logged yet (its first line is sent at once). */
  logged = false;
  /** Its lines beyond the first few hundred are held back (see logCap.ts). */
  readonly logCap = new AttemptLogCap();

  constructor(
    readonly id: number,
    readonly log: (level: Level, args: unknown[]) => void,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** Runs attempts in a worker. One instance per worker. */
export class TaskRuntime {
  private readonly queue: AttemptMessage[] = [];
  private head = 0;
  private draining = false;
  private readonly aborted = new Map<number, SerializedError>();
  /** The attempt started last that is still running (stray logs and crashes are blamed on it). */
  private current: RunningAttempt | undefined;
  private readonly running = new Map<number, RunningAttempt>();
  private readonly concurrency: number;
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;
  private outcomes: AttemptOutcome[] = [];
  private logs: LogEntry[] = [];
  private transfer = new Set<ArrayBuffer>();
  private lastFlushAt = -Infinity;
  private logTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly compiler: TaskCompiler;
  /** One console for every task: attempts run one at a time, so it logs to the running one. */
  private readonly console: CapturedConsole;
  private readonly now: () => number;
  private idleWaiters: (() => void)[] = [];
  private awaitingProbe: ReturnType<typeof setTimeout> | undefined;
  private awaiting = false;

  constructor(
    private readonly report: ReportFn,
    private readonly options: RuntimeOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.console = makeConsole((level, args) => this.strayOrCurrent(level, args));
    this.compiler = new TaskCompiler(this.console);
  }

  /** Queues attempts; they start in order once earlier ones have finished. */
  enqueue(batch: readonly AttemptMessage[]): void {
    for (const message of batch) {
      this.compiler.hold(message.task);
      if (message.then) for (const follower of message.then) this.compiler.hold(follower.task);
      this.queue.push(message);
    }
    if (this.concurrency > 1) this.pump();
    else if (!this.draining) void this.drain();
  }

  /** Aborts attempts by id: the running one's `ctx.signal` fires; queued ones are skipped. */
  abort(ids: readonly number[], reason: SerializedError): void {
    for (const id of ids) {
      const running = this.running.get(id);
      if (running) running.abort(deserializeError(reason));
      else this.aborted.set(id, reason);
    }
  }

  /** Reports an uncaught error, blaming the running attempt, with every outcome not yet reported. */
  crash(error: unknown): void {
    const crash = {
      error: serializeError(error),
      ...(this.current ? { attemptId: this.current.id } : {}),
    };
    this.flush(crash);
  }

  /** Resolves when the queue is empty and everything has been reported. */
  idle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Number of compiled tasks cached (for tests and diagnostics). */
  get cachedTasks(): number {
    return this.compiler.size;
  }

  /** Concurrent mode: starts queued attempts while fewer than `concurrency` run. */
  private pump(): void {
    this.draining = true;
    const taken = this.options.taken;
    const began = this.now();
    while (this.running.size < this.concurrency && this.head < this.queue.length) {
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
        this.outcomes.push({ type: 'skipped', id: message.id });
        continue;
      }
      void this.runChain(message).then(() => {
        // Outcomes of attempts that end together go in one report.
        this.outcomeTimer ??= setTimeout(() => {
          this.outcomeTimer = undefined;
          this.flush();
        }, 0);
        this.pump();
      });
    }
    if (this.head === this.queue.length && this.running.size > 0) this.probeAwaiting();
    if (this.running.size > 0 || this.head < this.queue.length) return;
    this.queue.length = 0;
    this.head = 0;
    this.draining = false;
    this.flush();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private readonly resumePump = (): void => {
    if (this.outcomes.length > 0) this.flush();
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
      if (this.running.size === 0 || this.head < this.queue.length) return;
      this.awaiting = true;
      this.flush();
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
        this.outcomes.push({ type: 'skipped', id: message.id });
      } else {
        await this.runChain(message);
      }
      if (this.now() - lastFlush >= flushEvery) {
        this.flush();
        lastFlush = this.now();
      }
    }
    this.queue.length = 0;
    this.head = 0;
    this.draining = false;
    this.flush();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * Runs an attempt and then the chain that follows it (`message.then`), each follower taking the
   * result before it as its only input, until one does not succeed with small plain data.
   */
  private async runChain(message: AttemptMessage): Promise<void> {
    let outcome = await this.runAttempt(message);
    const followers = message.then;
    if (!followers) return;
    let upstream = message.task.name;
    for (let k = 0; k < followers.length; k++) {
      const follower = followers[k]!;
      const input = outcome.type === 'ok' ? followerInput(outcome.value) : NOT_PLAIN;
      if (input === NOT_PLAIN || this.aborted.delete(follower.id)) {
        // The host decides from here: it dispatches the next task itself if it should run.
        for (let j = k; j < followers.length; j++) {
          this.aborted.delete(followers[j]!.id);
          this.outcomes.push({ type: 'skipped', id: followers[j]!.id });
        }
        return;
      }
      // What finished so far reaches the host before a follower can hold the thread for long,
      // and as soon as the follower awaits anything.
      if (this.outcomes.length > 0) {
        if (this.now() - this.lastFlushAt >= FOLLOWER_FLUSH_MS) this.flush();
        else this.outcomeTimer ??= setTimeout(this.flushOutcomes, 0);
      }
      // A record without a prototype: a task may be named `__proto__`.
      const inputs = emptyRecord<unknown>();
      inputs[upstream] = input;
      outcome = await this.runAttempt(followerMessage(message, follower, inputs));
      upstream = follower.task.name;
    }
  }

  private async runAttempt(message: AttemptMessage): Promise<AttemptOutcome> {
    const { id, task } = message;
    const running = new RunningAttempt(id, (level, args) => this.pushLog(id, level, args));
    const ctx: TaskContext = {
      // Created on first use: most tasks never read it, and an AbortController is not free.
      get signal() {
        return running.signal;
      },
      attempt: message.attempt,
      runId: message.runId,
      taskName: task.name,
      log: (...args: unknown[]) => running.log('log', args),
      // Throws the skip signal: it reaches the host as an error outcome with its code.
      skip: skipTask,
      params: Object.freeze(message.params ? copyRecord(message.params) : {}),
      secrets: Object.freeze(message.secrets ? copyRecord(message.secrets) : {}),
    };
    if (message.map) {
      ctx.item = message.map.item;
      ctx.index = message.map.index;
    }
    const startedAt = this.now();
    const t0 = performance.now();
    this.current = running;
    this.running.set(id, running);
    // Side by side, the host cannot tell which attempts have begun: say so before the task can
    // block the thread (one at a time, the oldest attempt in flight is the one running; an attempt
    // sent to an idle worker is counted as started by the host, which marks it `startKnown`; with a
    // shared `taken` counter the host needs no report at all).
    if (this.concurrency > 1 && !message.startKnown && (!this.options.taken || message.announce))
      this.flush(undefined, id);
    // Attempts that overlap each log to their own console; one at a time, they share one.
    const console =
      this.concurrency > 1 ? makeConsole((level, args) => running.log(level, args)) : this.console;
    let outcome: AttemptOutcome;
    try {
      const fn = this.compiler.compile(task);
      // The message was cloned with Object.prototype: inputs go back into a record without one, so
      // an undeclared name reads `undefined` whatever it is (`constructor`, `toString`, …); reading
      // an upstream without a result throws (guardInputs). A result holding `inputs` gets the record.
      const plain = copyRecord(message.inputs);
      const missing = message.missing;
      const inputs = missing ? guardInputs(task.name, plain, missing) : plain;
      let value = await fn(inputs, ctx, console, missing);
      if (missing) value = unguardResult(value, inputs, plain);
      const { problem, buffers } = inspectValue(value);
      const timing = { startedAt, finishedAt: this.now(), durationMs: performance.now() - t0 };
      if (problem) {
        const error = notCloneable(task.name, problem);
        outcome = { type: 'error', id, error, ...timing };
      } else {
        for (const buffer of buffers) this.transfer.add(buffer);
        outcome = { type: 'ok', id, value, ...timing };
      }
    } catch (error) {
      const timing = { startedAt, finishedAt: this.now(), durationMs: performance.now() - t0 };
      outcome = { type: 'error', id, error: serializeError(error), ...timing };
    } finally {
      this.running.delete(id);
      if (this.current === running) this.current = undefined;
    }
    // The held tail of a long log (and the count of dropped lines) goes before the outcome.
    for (const line of running.logCap.finish()) this.appendLine(id, line);
    this.outcomes.push(outcome);
    return outcome;
  }

  private readonly flushOutcomes = (): void => {
    this.outcomeTimer = undefined;
    this.flush();
  };

  private pushLog(id: number, level: Level, args: unknown[]): void {
    const ts = this.now();
    const line: LogLine = { ts, level, message: formatLogArgs(args) };
    const attempt = this.running.get(id);
    if (attempt && !attempt.logCap.admit(line)) return;
    this.appendLine(id, line);
    const first = attempt !== undefined && !attempt.logged;
    if (first) attempt.logged = true;
    // The first line of an attempt, or the first after a quiet spell, goes at once (the task may now
    // block the thread for good); the lines right behind it are coalesced.
    if (first || ts - this.lastFlushAt >= (this.options.logFlushMs ?? 20)) this.flush();
    else this.logTimer ??= setTimeout(() => this.flushLogs(), this.options.logFlushMs ?? 20);
  }

  private appendLine(id: number, line: LogLine): void {
    let entry = this.logs[this.logs.length - 1];
    if (entry?.id !== id) {
      entry = { id, lines: [] };
      this.logs.push(entry);
    }
    entry.lines.push(line);
  }

  private flushLogs(): void {
    this.logTimer = undefined;
    if (this.logs.length > 0) this.flush();
  }

  private flush(crash?: WorkerReport['crash'], started?: number): void {
    const awaiting = this.awaiting;
    if (
      this.logs.length === 0 &&
      this.outcomes.length === 0 &&
      !crash &&
      started === undefined &&
      !awaiting
    )
      return;
    const report: WorkerReport = {
      logs: this.logs,
      outcomes: this.outcomes,
      ...(crash ? { crash } : {}),
      ...(started !== undefined ? { started: [started] } : {}),
      ...(awaiting ? { awaiting: true as const } : {}),
    };
    this.awaiting = false;
    const transfer = [...this.transfer];
    this.logs = [];
    this.outcomes = [];
    this.transfer = new Set();
    this.lastFlushAt = this.now();
    if (this.logTimer !== undefined) clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.outcomeTimer !== undefined) clearTimeout(this.outcomeTimer);
    this.outcomeTimer = undefined;
    this.report(report, transfer);
  }

  private strayOrCurrent(level: Level, args: unknown[]): void {
    if (this.current) this.current.log(level, args);
    else (this.options.strayConsole ?? console).log(`[stray ${level}]`, ...args);
  }
}

/**
 * A follower's attempt: the run's context of the attempt it follows (run id, parameters), its own
 * task, attempt number and input, and nothing that belongs to the head alone (its chain, its
 * missing inputs, the secrets only the head declared).
 */
function followerMessage(
  head: AttemptMessage,
  follower: FollowerMessage,
  inputs: Record<string, unknown>,
): AttemptMessage {
  const message: AttemptMessage = {
    ...head,
    id: follower.id,
    task: follower.task,
    inputs,
    attempt: follower.attempt,
    startKnown: true,
  };
  delete message.then;
  delete message.missing;
  delete message.map;
  delete (message as { secrets?: unknown }).secrets;
  return message;
}

function makeConsole(log: (level: Level, args: unknown[]) => void): CapturedConsole {
  const out = {} as CapturedConsole;
  for (const level of LEVELS) out[level] = (...args: unknown[]) => log(level, args);
  return out;
}

function notCloneable(task: string, problem: string): SerializedError {
  return {
    name: 'DataCloneError',
    code: 'E_NOT_CLONEABLE',
    message:
      `Task "${task}" returned a value that cannot be sent between threads: ${problem}. ` +
      'Return plain data (objects, arrays, strings, numbers, Maps, Sets, Dates, typed arrays).',
  };
}
