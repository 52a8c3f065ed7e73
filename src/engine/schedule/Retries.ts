// Retries of a run: failed and interrupted attempts counted per task (an instance of a mapped task
// counts its own), the retry policy (`retries`, `retryIf`, the delay) and the timers of delayed
// retries. TaskOutcomes decides that an attempt failed; this, whether and when it runs again.
import { TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { Attempt } from './attempt.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { TaskInstance } from './mappedTask.ts';
import { retryDelay } from './retryDelay.ts';
import { retryRefusal } from './retryIf.ts';
import type { RunReporter } from './RunReporter.ts';
import type { SchedulerConfig } from './schedulerConfig.ts';

/** Interrupted attempts in a row after which a task fails (a task that kills every worker ends). */
export const MAX_INTERRUPTED_ATTEMPTS = 3;

/** What the retries need of the Scheduler that owns them (bound once per run). */
export interface RetryHost {
  readonly clock: Clock;
  readonly report: RunReporter;
  /** Queues task `i` again, or `instance` when it is an instance of a mapped task. */
  requeue(i: number, instance: TaskInstance | undefined): void;
  /** Starts what may start now (after a delayed retry was queued). */
  pump(): void;
}

/** The retries of one run's tasks and instances. */
export class Retries {
  readonly #taskCount: number;
  /** Holds the source of jitter for retry delays (`random`). */
  readonly #cfg: Pick<SchedulerConfig, 'random'>;
  readonly #host: RetryHost;
  /** Failed attempts per task index; created on the first failure. */
  #failures: Int32Array | undefined;
  /** Interrupted attempts in a row per task index; created on the first one. */
  #interrupts: Int32Array | undefined;
  /** Pending retry timers by task index; created on the first delayed retry. */
  #timers: (TimerHandle | undefined)[] | undefined;
  /** Delayed retries pending (of tasks and of instances): the run cannot end while one is. */
  waiting = 0;

  constructor(taskCount: number, config: Pick<SchedulerConfig, 'random'>, host: RetryHost) {
    this.#taskCount = taskCount;
    this.#cfg = config;
    this.#host = host;
  }

  /** Counts a failed attempt; returns its task's (or instance's) failures so far. */
  countFailure(att: Attempt): number {
    const instance = att.instance;
    return instance
      ? ++instance.failures
      : ++(this.#failures ??= new Int32Array(this.#taskCount))[att.taskIndex]!;
  }

  /** Counts an interrupted attempt; returns its task's (or instance's) interruptions in a row. */
  countInterrupt(att: Attempt): number {
    const instance = att.instance;
    return instance
      ? ++instance.interrupts
      : ++(this.#interrupts ??= new Int32Array(this.#taskCount))[att.taskIndex]!;
  }

  /**
   * After the `failures`-th failure of task `i` (or of the instance `task`): queues its next
   * attempt and returns true when it has retries left and its `retryIf` agrees (a refusal is
   * logged as a warning); false when the task fails for good.
   */
  retryAfter(i: number, task: Task, failures: number, error: unknown): boolean {
    if (failures > (task.options.retries ?? 0)) return false;
    const retryIf = task.options.retryIf;
    const refusal = retryIf === undefined ? undefined : retryRefusal(retryIf, error, failures);
    if (refusal !== undefined) {
      this.#host.report.log(task, 'warn', [refusal]);
      return false;
    }
    this.#schedule(i, task, failures, error);
    return true;
  }

  /** Queues the next attempt of a task or of an instance (`task`), after its retry delay. */
  #schedule(i: number, task: Task, retry: number, error: unknown): void {
    const host = this.#host;
    const delayMs = retryDelay(task.options, retry, this.#cfg.random);
    const inst = task instanceof TaskInstance ? task : undefined;
    if (inst) host.report.instanceStatus(inst, TaskStatus.Retrying);
    else host.report.status(task, TaskStatus.Retrying);
    host.report.retry(task, retry, delayMs, error);
    if (delayMs <= 0) {
      host.requeue(i, inst);
      return;
    }
    this.waiting++;
    const timers = (this.#timers ??= []);
    const handle = host.clock.setTimeout(() => {
      if (inst) inst.retryTimer = undefined;
      else timers[i] = undefined;
      this.waiting--;
      host.requeue(i, inst);
      host.pump();
    }, delayMs);
    if (inst) inst.retryTimer = handle;
    else timers[i] = handle;
  }

  /** Cancels task `i`'s delayed retry; false when none was waiting. */
  cancel(i: number): boolean {
    const timers = this.#timers;
    const handle = timers?.[i];
    if (timers === undefined || handle === undefined) return false;
    this.#host.clock.clearTimeout(handle);
    timers[i] = undefined;
    this.waiting--;
    return true;
  }

  /** Cancels the delayed retry of an instance of a mapped task; false when none was waiting. */
  cancelInstance(inst: TaskInstance): boolean {
    const handle = inst.retryTimer;
    if (handle === undefined) return false;
    this.#host.clock.clearTimeout(handle);
    inst.retryTimer = undefined;
    this.waiting--;
    return true;
  }
}
