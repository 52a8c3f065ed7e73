// What a settled attempt does to its task and the run: completed (with the branch and
// short-circuit decisions it makes), skipped by itself, failed (or retried), or interrupted (run
// again); the end of a mapped task; and, on a resume, the decisions of restored tasks replayed.
// The Scheduler frees the attempt's slot first and starts what may start afterwards.
import { isAttemptInterrupted, isSkipSignal, TaskExecutionError } from '../model/errors.ts';
import { serializeError } from '../model/serializeError.ts';
import { SkipReason, TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { Attempt } from './attempt.ts';
import type { AttemptClock } from './AttemptClock.ts';
import { branchSkips, descendants, shortCircuitMessage, type BranchSkips } from './branching.ts';
import type { MapError, TaskInstance } from './mappedTask.ts';
import type { MapScheduler } from './MapScheduler.ts';
import type { ReadySet } from './ReadySet.ts';
import { MAX_INTERRUPTED_ATTEMPTS, type Retries } from './Retries.ts';
import type { RunReporter } from './RunReporter.ts';
import { hasStatusCallback, TaskFlag } from './runPlan.ts';
import type { SchedulerConfig } from './schedulerConfig.ts';

/** The parts of the run a task's outcome reaches (bound once per run). */
export interface OutcomeParts {
  readonly report: RunReporter;
  readonly times: AttemptClock;
  readonly ready: ReadySet;
  readonly retries: Retries;
  readonly maps: MapScheduler;
}

/** What an outcome needs of the Scheduler itself (bound once per run). */
export interface OutcomeHost {
  /** Whether the run is stopping (cancel, failFast, timeout): no retry, no run-again then. */
  isStopping(): boolean;
  /** Stops the run after a failure (called under `failFast` only). */
  stopAfterFailure(): void;
}

/** Applies the outcomes of one run's attempts to their tasks. */
export class TaskOutcomes {
  readonly #tasks: readonly Task[];
  readonly #cfg: SchedulerConfig;
  readonly #report: RunReporter;
  readonly #times: AttemptClock;
  readonly #ready: ReadySet;
  readonly #retries: Retries;
  readonly #maps: MapScheduler;
  readonly #host: OutcomeHost;
  /** Names of the tasks that failed, in failure order. */
  readonly failedNames: string[] = [];

  constructor(
    tasks: readonly Task[],
    config: SchedulerConfig,
    parts: OutcomeParts,
    host: OutcomeHost,
  ) {
    this.#tasks = tasks;
    this.#cfg = config;
    this.#report = parts.report;
    this.#times = parts.times;
    this.#ready = parts.ready;
    this.#retries = parts.retries;
    this.#maps = parts.maps;
    this.#host = host;
  }

  /**
   * Applies the outcome of a settled attempt (its slot already freed); `instance` is the one it
   * ran, for a mapped task.
   */
  settled(att: Attempt, instance: TaskInstance | undefined, ok: boolean, value: unknown): void {
    if (ok) {
      value = this.#report.redact(value);
      const error = this.#report.checkStorable(value);
      if (error)
        this.#fail(
          att,
          new TaskExecutionError(att.task.name, att.attempt, error, 'E_NOT_STORABLE'),
          false,
        );
      else if (instance) this.#maps.ended(instance, TaskStatus.Completed, value);
      else this.#complete(att, value);
    } else if (isSkipSignal(value)) {
      const message = this.#report.redact(value.message);
      if (instance) this.#maps.ended(instance, TaskStatus.Skipped, message);
      else this.#skipSelf(att, message);
    } else if (
      isAttemptInterrupted(value) &&
      !this.#host.isStopping() &&
      this.#interrupted(att, value)
    ) {
      // Run again: the attempt is recorded interrupted and uses up no retry.
    } else {
      this.#fail(att, value, true);
    }
  }

  #complete(att: Attempt, value: unknown): void {
    const task = att.task;
    const i = att.taskIndex;
    const plan = this.#cfg.plan;
    const flags = plan.flags[i]!;
    let branch: BranchSkips | undefined;
    if ((flags & TaskFlag.Branch) !== 0) {
      try {
        branch = branchSkips(i, value, this.#tasks, plan.downstream);
      } catch (error) {
        this.#fail(att, error, true);
        return;
      }
    }
    const now = this.#times.finishTime();
    task.endAttempt('completed', now);
    task.result = value;
    task.markFinished(now);
    this.#report.status(task, TaskStatus.Completed, hasStatusCallback(plan, i));
    // Decided before the task's own release, so the tasks it leaves out never start.
    if (branch) this.#ready.skip(branch.skip, SkipReason.BranchNotTaken, branch.message);
    else if ((flags & TaskFlag.ShortCircuit) !== 0 && !value)
      this.#ready.skip(
        descendants(i, plan.downstream),
        SkipReason.ShortCircuit,
        shortCircuitMessage(task.name, value),
      );
    this.#ready.release(i);
  }

  /**
   * A resumed run: the tasks that restored branch and short-circuit tasks left out stay skipped
   * (only their completion is stored, not the skips it decided, which may not have been written).
   */
  replayDecisions(restored: readonly number[]): void {
    const plan = this.#cfg.plan;
    const ready = this.#ready;
    for (const i of restored) {
      const flags = plan.flags[i]!;
      const task = this.#tasks[i]!;
      if ((flags & TaskFlag.Branch) !== 0) {
        try {
          const branch = branchSkips(i, task.result, this.#tasks, plan.downstream);
          ready.skip(branch.skip, SkipReason.BranchNotTaken, branch.message);
        } catch {
          // A stored choice that no longer fits the graph: its downstream follow their rules.
        }
      } else if ((flags & TaskFlag.ShortCircuit) !== 0 && !task.result) {
        const message = shortCircuitMessage(task.name, task.result);
        ready.skip(descendants(i, plan.downstream), SkipReason.ShortCircuit, message);
      }
    }
  }

  /** `ctx.skip(reason)`: the task ends as skipped, never retried; its dependents follow their rules. */
  #skipSelf(att: Attempt, message: string): void {
    const task = att.task;
    const now = this.#times.finishTime();
    task.endAttempt('skipped', now);
    task.skipReason = SkipReason.Task;
    task.skipMessage = message;
    task.markFinished(now);
    this.#report.status(task, TaskStatus.Skipped, hasStatusCallback(this.#cfg.plan, att.taskIndex));
    this.#ready.release(att.taskIndex);
  }

  #fail(att: Attempt, error: unknown, retryable: boolean): void {
    const task = att.task;
    const i = att.taskIndex;
    const timedOut = error === att.timeoutError;
    error = this.#report.redact(error);
    const now = this.#times.finishTime();
    task.endAttempt(timedOut ? 'timeout' : 'failed', now, serializeError(error));
    const failures = this.#retries.countFailure(att);
    if (retryable && !this.#host.isStopping() && this.#retries.retryAfter(i, task, failures, error))
      return;
    task.error =
      error instanceof TaskExecutionError && error.taskName === task.name
        ? error
        : new TaskExecutionError(task.name, task.attempts, error);
    task.markFinished(now);
    const instance = att.instance;
    if (instance) {
      this.#maps.failed(instance);
      return;
    }
    this.failedNames.push(task.name);
    this.#report.status(task, TaskStatus.Failed);
    this.#ready.release(i);
    if (this.#cfg.failFast) this.#host.stopAfterFailure();
  }

  /**
   * An attempt lost with its worker: recorded `interrupted` and queued again at once, unless the
   * task has been interrupted {@link MAX_INTERRUPTED_ATTEMPTS} times in a row (then it fails).
   */
  #interrupted(att: Attempt, error: Error): boolean {
    if (this.#retries.countInterrupt(att) > MAX_INTERRUPTED_ATTEMPTS) return false;
    const task = att.task;
    task.endAttempt('interrupted', this.#times.finishTime(), serializeError(error));
    this.#report.log(task, 'warn', [`${error.message}; running it again`]);
    const instance = att.instance;
    if (instance) {
      this.#report.instanceStatus(instance, TaskStatus.Retrying);
      this.#maps.requeue(instance);
    } else {
      this.#report.status(task, TaskStatus.Retrying);
      this.#ready.requeue(att.taskIndex);
    }
    return true;
  }

  /**
   * Ends mapped task `i`'s one attempt (the whole map) as `completed` with `value` (the results),
   * `skipped` with `value` as the reason, or `failed` with `value` as the error; tells its
   * dependents.
   */
  mappedEnded(i: number, status: TaskStatus, value: unknown, now: number): void {
    const task = this.#tasks[i]!;
    if (status === TaskStatus.Completed) {
      task.endAttempt('completed', now);
      task.result = value;
    } else if (status === TaskStatus.Skipped) {
      task.endAttempt('skipped', now);
      task.skipMessage = value as string;
    } else {
      const error = value as MapError;
      task.endAttempt('failed', now, serializeError(error));
      task.error = error;
      this.failedNames.push(task.name);
    }
    task.markFinished(now);
    this.#report.status(task, status, hasStatusCallback(this.#cfg.plan, i));
    this.#ready.release(i);
    if (status === TaskStatus.Failed && this.#cfg.failFast) this.#host.stopAfterFailure();
  }
}
