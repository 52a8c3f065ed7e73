// One attempt of one task: its context, inputs, timeout and the hand-off to the runner.
import { TaskTimeoutError } from '../model/errors.ts';
import { TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { AttemptRecord, LogLine, TaskContext } from '../model/types.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { RunReporter } from './RunReporter.ts';
import type { AttemptRequest, RunnableTask, TaskRunner } from './TaskRunner.ts';

/** What an attempt needs from the scheduler that owns it. */
export interface AttemptHost {
  readonly clock: Clock;
  readonly report: RunReporter;
  readonly runId: string;
  /** Called exactly once per attempt with its outcome (the first of answer, timeout, cancel). */
  settle(attempt: Attempt, ok: boolean, value: unknown): void;
}

/** An attempt in flight, as the scheduler tracks it. */
export class Attempt {
  /** True once the scheduler has accounted for the outcome; later outcomes are ignored. */
  settled = false;
  /** The error this attempt's own timeout produced, if it fired. */
  timeoutError: TaskTimeoutError | undefined;
  controller: AbortController | undefined;
  timer: TimerHandle | undefined;

  constructor(
    readonly index: number,
    readonly task: Task,
    /** 1-based attempt number (continues after an interrupted attempt on resume). */
    readonly number: number,
    readonly record: AttemptRecord,
    readonly host: AttemptHost,
  ) {}

  /** Marks it settled and clears its timer. */
  end(): void {
    this.settled = true;
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Fires its own `ctx.signal` (tasks without a timeout share the run's signal). */
  abort(reason: unknown): void {
    this.controller?.abort(reason);
  }
}

/**
 * `ctx` as tasks see it. A class with a lazily bound `log`, so the common task that never logs
 * costs no closure; `const { log } = ctx` still works because the getter returns a bound function.
 */
class AttemptContext implements TaskContext {
  #log: ((...args: unknown[]) => void) | undefined;
  constructor(
    readonly signal: AbortSignal,
    readonly attempt: number,
    readonly runId: string,
    readonly taskName: string,
    private readonly owner: Attempt,
  ) {}

  get log(): (...args: unknown[]) => void {
    return (this.#log ??= (...args: unknown[]) =>
      this.owner.host.report.log(this.owner.task, 'log', args));
  }
}

class Request implements AttemptRequest {
  #onLog: ((line: LogLine) => void) | undefined;
  constructor(
    readonly task: RunnableTask,
    readonly inputs: Record<string, unknown>,
    readonly ctx: TaskContext,
    private readonly owner: Attempt,
  ) {}

  get onLog(): (line: LogLine) => void {
    return (this.#onLog ??= (line: LogLine) =>
      this.owner.host.report.addLog(this.owner.task, line));
  }
}

/** Records a new attempt of `task` (number, start time, history entry) without starting it. */
export function createAttempt(index: number, task: Task, host: AttemptHost): Attempt {
  const number = ++task.attempts;
  const startedAt = host.clock.now();
  if (task.startedAt === undefined) task.startedAt = startedAt;
  const record: AttemptRecord = { attempt: number, startedAt, outcome: 'running' };
  task.attemptHistory.push(record);
  return new Attempt(index, task, number, record, host);
}

/**
 * Starts an attempt: reports `running`, builds inputs from the direct upstream results, arms the
 * cooperative timeout and hands it to the runner — inline when the runner allows, so a
 * synchronous task settles before this returns.
 */
export function launchAttempt(
  attempt: Attempt,
  runnable: RunnableTask,
  upstream: readonly number[],
  tasks: readonly Task[],
  runner: TaskRunner,
  runSignal: AbortSignal,
): void {
  const { task, host } = attempt;
  let signal = runSignal;
  const timeoutMs = task.options.timeoutMs;
  if (timeoutMs !== undefined) {
    // Only tasks with a timeout get their own controller; the others share the run's signal.
    const controller = new AbortController();
    attempt.controller = controller;
    signal = controller.signal;
    attempt.timer = host.clock.setTimeout(() => {
      if (attempt.settled) return;
      const error = new TaskTimeoutError(task.name, attempt.number, timeoutMs);
      attempt.timeoutError = error;
      controller.abort(error);
      host.settle(attempt, false, error);
    }, timeoutMs);
  }
  host.report.status(task, TaskStatus.Running);
  // A dictionary-mode object: keys are task names, and giving every distinct name set its own
  // hidden class would cost a map transition per task on large graphs.
  const inputs: Record<string, unknown> =
    upstream.length === 0 ? {} : (Object.create(null) as Record<string, unknown>);
  for (const u of upstream) {
    const up = tasks[u]!;
    if (up.status === TaskStatus.Completed) inputs[up.name] = up.result;
  }
  const ctx = new AttemptContext(signal, attempt.number, host.runId, task.name, attempt);
  const request = new Request(runnable, inputs, ctx, attempt);
  let outcome: unknown;
  try {
    outcome = runner.runInline ? runner.runInline(request) : runner.run(request);
  } catch (error) {
    host.settle(attempt, false, error);
    return;
  }
  if (isThenable(outcome)) {
    outcome.then(
      (value) => host.settle(attempt, true, value),
      (error: unknown) => host.settle(attempt, false, error),
    );
  } else {
    host.settle(attempt, true, outcome);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
