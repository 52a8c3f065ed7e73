// The readiness-based scheduler: starts each task as soon as its trigger rule allows and a slot
// is free. It owns the start loop and its slots, cancel, the run's timeout and its result; beside
// it, TaskOutcomes applies what attempts settle with, Retries counts failures and times retries,
// MapScheduler runs the instances of mapped tasks, and the TaskRunner runs the attempts.
import { RunCancelledError, RunTimeoutError } from '../model/errors.ts';
import { TaskStatus, WorkflowStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { Follower } from './TaskRunner.ts';
import { TaskFlag } from './runPlan.ts';
import { ReadySet } from './ReadySet.ts';
import { buildRunResult, leafFailed } from './runState.ts';
import { RunReporter } from './RunReporter.ts';
import { deferTask, systemClock, type Clock } from './clock.ts';
import { Attempt, launchAttempt, type AttemptHost } from './attempt.ts';
import { AttemptClock } from './AttemptClock.ts';
import type { TaskInstance } from './mappedTask.ts';
import { MapScheduler } from './MapScheduler.ts';
import { Retries } from './Retries.ts';
import { TaskOutcomes } from './TaskOutcomes.ts';
import { TaskSecrets } from './TaskSecrets.ts';
import { followerChain } from './followerChains.ts';
import type { SchedulerConfig } from './schedulerConfig.ts';

export type { SchedulerConfig } from './schedulerConfig.ts';
export { MAX_INTERRUPTED_ATTEMPTS } from './Retries.ts';

const NO_VALUES: Readonly<Record<string, never>> = Object.freeze({});

/** Why a run stops early. */
type StopCause = 'cancel' | 'failFast' | 'timeout';

/** Longest stretch (ms) the scheduler runs synchronous tasks without yielding to the event loop. */
const SLICE_MS = 12;

/**
 * Runs one workflow once. Per-task state lives in typed arrays indexed like `workflow.tasks`, so
 * each completion costs O(out-degree): no scans, no per-task promises beyond the runner's own.
 */
export class Scheduler implements AttemptHost {
  readonly #wf: Workflow;
  readonly #tasks: readonly Task[];
  readonly #cfg: SchedulerConfig;
  /** @internal Attempt host: the run's clock, reporter and id. */
  readonly clock: Clock;
  /** @internal */
  readonly report: RunReporter;
  /** @internal */
  readonly runId: string;
  readonly #controller = new AbortController();
  readonly #ready: ReadySet;
  readonly #inflight: (Attempt | undefined)[];
  /** Failure and interrupt counts, the retry policy and delayed retries (`waiting`). */
  readonly #retries: Retries;
  /** The instances of mapped tasks: their queue, attempts in flight and ends. */
  readonly #maps: MapScheduler;
  /** What settled attempts do to their tasks and the run. */
  readonly #outcomes: TaskOutcomes;
  /** Start and finish times of attempts. */
  readonly #times: AttemptClock;
  readonly #secrets: TaskSecrets;
  /** A settled attempt of a recyclable task, for the next recyclable task to reuse. */
  #spare: Attempt | undefined;
  #running = 0;
  #pumping = false;
  #yielding = false;
  #stopping = false;
  #cancelled = false;
  #timedOut = false;
  #finished = false;
  #resolve: (() => void) | undefined;
  /** @internal Attempt host: the run's parameter values. */
  readonly params: Readonly<Record<string, unknown>>;

  constructor(workflow: Workflow, config: SchedulerConfig) {
    this.#wf = workflow;
    this.#tasks = workflow.tasks;
    this.#cfg = config;
    this.clock = config.clock ?? systemClock;
    this.runId = config.runId;
    this.report = new RunReporter({ ...config, clock: this.clock, workflowId: workflow.id });
    const n = this.#tasks.length;
    this.#ready = new ReadySet(this.#tasks, config.plan, this.report);
    this.#inflight = new Array<Attempt | undefined>(n);
    this.params = config.params ?? NO_VALUES;
    this.#secrets = new TaskSecrets(this.#tasks, config);
    this.#times = new AttemptClock(this.clock, this.report);
    this.#retries = new Retries(n, config, {
      clock: this.clock,
      report: this.report,
      requeue: (i, instance) => {
        if (instance) this.#maps.requeue(instance);
        else this.#ready.requeue(i);
      },
      pump: () => this.#pump(),
    });
    this.#maps = new MapScheduler(this.#tasks, config, {
      clock: this.clock,
      report: this.report,
      retries: this.#retries,
      times: this.#times,
      endMapped: (i, status, value, now) => this.#outcomes.mappedEnded(i, status, value, now),
    });
    this.#outcomes = new TaskOutcomes(
      this.#tasks,
      config,
      {
        report: this.report,
        times: this.#times,
        ready: this.#ready,
        retries: this.#retries,
        maps: this.#maps,
      },
      {
        isStopping: () => this.#stopping,
        stopAfterFailure: () => this.#stop('failFast'),
      },
    );
  }

  /** @internal Attempt host: the secrets task `index` declares, with their values; `{}` when none. */
  secretsFor(index: number): Readonly<Record<string, string>> {
    return this.#secrets.of(index);
  }

  /** Runs to the end (or cancel) and returns the result; never rejects for task failures. */
  async run(): Promise<RunResult> {
    const at = this.clock.now();
    const startedAt = Math.min(this.#cfg.startedAt ?? at, at);
    const restored = [...(this.#cfg.restored ?? [])];
    this.#wf.status = WorkflowStatus.Running;
    this.report.runStarted(this.#wf, at, restored, startedAt);
    const signal = this.#cfg.signal;
    const onAbort = () => this.#stop('cancel');
    // Workers that can take more (their attempts all wait) get more at once, not at the next end.
    const unsubscribe = this.#cfg.runner.onCapacity?.(() => this.#pump());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = this.#cfg.timeoutMs;
    const timer =
      timeoutMs === undefined
        ? undefined
        : this.clock.setTimeout(() => this.#stop('timeout'), timeoutMs);
    try {
      await new Promise<void>((resolve) => {
        this.#resolve = resolve;
        // A resumed run has completed tasks to account for; a fresh one starts from the seeds.
        this.#ready.seed(restored.length > 0 ? undefined : this.#cfg.plan.seeds, (done) =>
          this.#outcomes.replayDecisions(done),
        );
        if (signal?.aborted) this.#stop('cancel');
        this.#pump();
      });
    } finally {
      unsubscribe?.();
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) this.clock.clearTimeout(timer);
    }
    const status = this.#timedOut
      ? WorkflowStatus.Failed
      : this.#cancelled
        ? WorkflowStatus.Cancelled
        : this.#outcome();
    const run = {
      runId: this.#cfg.runId,
      workflowId: this.#wf.id,
      status,
      startedAt,
      finishedAt: this.clock.now(),
    };
    const handled = status === WorkflowStatus.Completed ? [...this.#outcomes.failedNames] : [];
    const result = buildRunResult(this.#tasks, run, restored, handled);
    if (this.#timedOut) result.timedOut = true;
    this.#wf.status = status;
    this.#wf.lastRun = result;
    await this.report.runFinished(result);
    return result;
  }

  /**
   * How a run that was not cancelled ended, decided by its leaves as in Airflow: failed when a
   * leaf failed or was skipped as `upstream_failed`, else completed — a failure that a
   * `one_failed` or `all_done` leaf handled does not fail the run. A run stopped by `failFast`
   * failed. Scans the tasks only when something failed.
   */
  #outcome(): WorkflowStatus {
    if (this.#outcomes.failedNames.length === 0) return WorkflowStatus.Completed;
    if (this.#stopping || leafFailed(this.#tasks, this.#cfg.plan.downstream))
      return WorkflowStatus.Failed;
    return WorkflowStatus.Completed;
  }

  /**
   * @internal Attempt host: the chain that will run after task `i` if it succeeds, for a runner to
   * start ahead (see `AttemptRequest.followers`). Only when nothing else is running, ready or
   * waiting — then the order is the one this scheduler would follow anyway, whatever the executor —
   * and only along a chain of single downstreams (see `followerChain`), and not when the run has
   * secrets.
   */
  followersOf(i: number): readonly Follower[] {
    if (
      this.#running !== 1 ||
      this.#retries.waiting !== 0 ||
      this.#stopping ||
      this.#ready.hasNext() ||
      this.#maps.hasInstance()
    )
      return [];
    if (Object.keys((this.#cfg as { secrets?: object }).secrets ?? {}).length > 0) return [];
    return followerChain(i, this.#cfg.plan, this.#tasks);
  }

  /** Names of the tasks that failed, in failure order. */
  get failedTasks(): readonly string[] {
    return this.#outcomes.failedNames;
  }

  /** Starts queued tasks while slots are free; re-entrant calls fold into the running loop. */
  #pump(): void {
    if (this.#pumping || this.#yielding) return;
    this.#pumping = true;
    this.#times.openPass();
    let sliceStart = NaN;
    let started = 0;
    const ready = this.#ready;
    // Re-read every pass: a worker pool widens its window when recent attempts were tiny.
    let limit = this.#concurrency();
    while (!this.#stopping && this.#running < limit) {
      if (ready.hasNext()) this.#start(ready.next());
      else if (this.#maps.hasInstance()) this.#startInstance(this.#maps.nextInstance());
      else break;
      // Synchronous tasks settle inline, so this loop could hold the thread for a whole run: give
      // the event loop (cancel clicks, timers, rendering) a turn every slice. The clock is read
      // every 256 starts only; the first reading opens the slice.
      if ((++started & 255) === 0) {
        const now = this.clock.now();
        if (Number.isNaN(sliceStart)) sliceStart = now;
        else if (now - sliceStart >= SLICE_MS) {
          this.#yielding = true;
          deferTask(() => {
            this.#yielding = false;
            this.#pump();
          });
          break;
        }
      }
      if ((started & 63) === 0) limit = this.#concurrency();
    }
    this.#times.closePass();
    this.#pumping = false;
    this.#checkFinished();
  }

  /** Attempts that may run at once, as the runner says now (at least 1). */
  #concurrency(): number {
    return Math.max(1, Math.floor(this.#cfg.runner.concurrency) || 1);
  }

  #checkFinished(): void {
    if (this.#finished || this.#yielding || this.#running > 0 || this.#retries.waiting > 0) return;
    if (!this.#stopping && (this.#ready.hasNext() || this.#maps.hasInstance())) return;
    this.#finished = true;
    this.#resolve?.();
  }

  #start(i: number): void {
    const cfg = this.#cfg;
    const flags = cfg.plan.flags[i]!;
    if ((flags & TaskFlag.Mapped) !== 0) {
      this.#maps.expand(i);
      return;
    }
    const at = this.#times.startTime();
    const task = this.#tasks[i]!;
    const recyclable = (flags & TaskFlag.Recyclable) !== 0;
    const spare = this.#spare;
    this.#spare = undefined;
    const attempt =
      spare !== undefined && recyclable
        ? spare.recycle(i, task, at)
        : new Attempt(i, task, at, this, this.#controller.signal, (flags & TaskFlag.Timeout) !== 0);
    this.#running++;
    this.#inflight[i] = attempt;
    const runner = cfg.runner;
    launchAttempt(this, attempt, cfg.plan, this.#tasks, runner);
    // Settled before launch returned, through the inline path: nothing outside holds it any more.
    if (recyclable && attempt.settled && runner.runInline) this.#spare = attempt;
  }

  /** @internal Attempt host: takes an attempt's outcome (first one wins). */
  settle(att: Attempt, ok: boolean, value: unknown): void {
    if (att.settled) return;
    att.end();
    this.#running--;
    const instance = att.instance;
    if (instance) this.#maps.settled(att);
    else this.#inflight[att.taskIndex] = undefined;
    this.#outcomes.settled(att, instance, ok, value);
    this.#pump();
  }

  /** Stops starting tasks and cancels running and retry-waiting ones (cancel, failFast, timeout). */
  #stop(cause: StopCause): void {
    if (cause === 'cancel') this.#cancelled = true;
    if (this.#stopping) return;
    this.#stopping = true;
    let reason: Error;
    if (cause === 'timeout') {
      this.#timedOut = true;
      reason = new RunTimeoutError(this.#wf.name, this.#cfg.timeoutMs!, undefined);
    } else
      reason = new RunCancelledError(
        undefined,
        cause === 'cancel' ? 'Run cancelled' : 'Run stopped after a failure (failFast)',
      );
    this.#controller.abort(reason);
    const now = this.clock.now();
    this.#tasks.forEach((task, i) => {
      const att = this.#inflight[i];
      if (att) {
        att.end();
        att.abort(reason);
        this.#running--;
        this.#inflight[i] = undefined;
        task.endAttempt('cancelled', now);
      } else if (this.#retries.cancel(i)) {
        // Its delayed retry will not run.
      } else if (task.status !== TaskStatus.Retrying) {
        return;
      }
      task.markFinished(now);
      this.report.status(task, TaskStatus.Cancelled);
    });
    this.#running -= this.#maps.cancel(reason, now);
    this.#checkFinished();
  }

  /** Starts the next attempt of an instance of a mapped task. */
  #startInstance(inst: TaskInstance): void {
    const at = this.#times.startTime();
    const cfg = this.#cfg;
    const i = inst.mapped.taskIndex;
    const timed = (cfg.plan.flags[i]! & TaskFlag.Timeout) !== 0;
    const attempt = new Attempt(i, inst, at, this, this.#controller.signal, timed);
    this.#running++;
    this.#maps.launched(attempt);
    launchAttempt(this, attempt, cfg.plan, this.#tasks, cfg.runner);
  }
}
