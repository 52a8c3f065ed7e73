// Runs one attempt inside a worker, and the chain of tasks that follows it: compiles its task
// (cached), gives it its context and console, and records its outcome for the next report.
import type { CapturedConsole } from '../model/codeTask.ts';
import { serializeError } from '../model/serializeError.ts';
import type { SerializedError, TaskContext } from '../model/types.ts';
import { inspectValue } from '../execute/inspectValue.ts';
import { copyRecord, emptyRecord } from '../util/records.ts';
import { guardInputs, unguardResult } from '../model/missingInputs.ts';
import { skipTask } from '../model/errors.ts';
import { TaskCompiler } from './compile.ts';
import { followerInput, NOT_PLAIN } from './followerInput.ts';
import type { AttemptMessage, AttemptOutcome, FollowerMessage } from './protocol.ts';
import { makeConsole, RunningAttempt, type Level } from './RunningAttempt.ts';
import { FOLLOWER_FLUSH_MS, type RuntimeReports } from './RuntimeReports.ts';
import type { RuntimeOptions } from './runtime.ts';

/** The attempts of one runtime as they run. */
export class AttemptRunner {
  /** The attempts running now, by id. */
  readonly running = new Map<number, RunningAttempt>();
  readonly compiler: TaskCompiler;
  /** The attempt started last that is still running (stray logs and crashes are blamed on it). */
  private latest: RunningAttempt | undefined;
  /** One console for every task: attempts run one at a time, so it logs to the running one. */
  private readonly console: CapturedConsole;

  constructor(
    private readonly reports: RuntimeReports,
    /** Attempts aborted before they started: the runtime's, shared. */
    private readonly aborted: Map<number, SerializedError>,
    private readonly options: RuntimeOptions,
    private readonly now: () => number,
    private readonly concurrency: number,
  ) {
    this.console = makeConsole((level, args) => this.strayOrCurrent(level, args));
    this.compiler = new TaskCompiler(this.console);
  }

  /** The attempt started last that is still running. */
  get current(): RunningAttempt | undefined {
    return this.latest;
  }

  /**
   * Runs an attempt and then the chain that follows it (`message.then`), each follower taking the
   * result before it as its only input, until one does not succeed with small plain data.
   */
  async runChain(message: AttemptMessage): Promise<void> {
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
          this.reports.outcomes.push({ type: 'skipped', id: followers[j]!.id });
        }
        return;
      }
      // What finished so far reaches the host before a follower can hold the thread for long,
      // and as soon as the follower awaits anything.
      if (this.reports.outcomes.length > 0) {
        if (this.now() - this.reports.lastFlushAt >= FOLLOWER_FLUSH_MS) this.reports.flush();
        else this.reports.flushSoon();
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
    const running = new RunningAttempt(id, (level, args) =>
      this.reports.pushLog(id, level, args, this.running.get(id)),
    );
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
    this.latest = running;
    this.running.set(id, running);
    // Side by side, the host cannot tell which attempts have begun: say so before the task can
    // block the thread (one at a time, the oldest attempt in flight is the one running; an attempt
    // sent to an idle worker is counted as started by the host, which marks it `startKnown`; with a
    // shared `taken` counter the host needs no report at all).
    if (this.concurrency > 1 && !message.startKnown && (!this.options.taken || message.announce))
      this.reports.flush(undefined, id);
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
        for (const buffer of buffers) this.reports.transfer.add(buffer);
        outcome = { type: 'ok', id, value, ...timing };
      }
    } catch (error) {
      const timing = { startedAt, finishedAt: this.now(), durationMs: performance.now() - t0 };
      outcome = { type: 'error', id, error: serializeError(error), ...timing };
    } finally {
      this.running.delete(id);
      if (this.latest === running) this.latest = undefined;
    }
    // The held tail of a long log (and the count of dropped lines) goes before the outcome.
    for (const line of running.logCap.finish()) this.reports.appendLine(id, line);
    this.reports.outcomes.push(outcome);
    return outcome;
  }

  private strayOrCurrent(level: Level, args: unknown[]): void {
    if (this.latest) this.latest.log(level, args);
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

function notCloneable(task: string, problem: string): SerializedError {
  return {
    name: 'DataCloneError',
    code: 'E_NOT_CLONEABLE',
    message:
      `Task "${task}" returned a value that cannot be sent between threads: ${problem}. ` +
      'Return plain data (objects, arrays, strings, numbers, Maps, Sets, Dates, typed arrays).',
  };
}
