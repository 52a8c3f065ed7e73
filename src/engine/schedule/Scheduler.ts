// The readiness-based scheduler: starts each task as soon as its trigger rule allows and a slot
// is free. It owns ordering, retries, timeouts, cancel and events; the TaskRunner runs attempts.
import {
  isAttemptInterrupted,
  isSkipSignal,
  RunCancelledError,
  RunTimeoutError,
  TaskExecutionError,
} from '../model/errors.ts';
import { serializeError } from '../model/serializeError.ts';
import { SkipReason, TaskStatus, TriggerRule, WorkflowStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { RunResult, TaskInstanceState } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { Follower, TaskRunner } from './TaskRunner.ts';
import { hasStatusCallback, TaskFlag, type RunPlan } from './runPlan.ts';
import { ReadySet } from './ReadySet.ts';
import { retryDelay } from './retryDelay.ts';
import { retryRefusal } from './retryIf.ts';
import { buildRunResult, leafFailed } from './runState.ts';
import { RunReporter, type RunReporterConfig } from './RunReporter.ts';
import { deferTask, systemClock, type Clock, type TimerHandle } from './clock.ts';
import { Attempt, launchAttempt, type AttemptHost } from './attempt.ts';
import { MappedTask, planMap, TaskInstance, type MapError } from './mappedTask.ts';
import { DEFAULT_MAX_MAP_INSTANCES, emptyInstanceCounts } from '../model/mapping.ts';
import { branchSkips, descendants, shortCircuitMessage, type BranchSkips } from './branching.ts';

/** Everything a run needs besides the workflow. */
export interface SchedulerConfig extends Omit<RunReporterConfig, 'clock' | 'workflowId'> {
  runner: TaskRunner;
  /** The workflow's run plan (`workflow.getRunPlan()`): runnables, rules, seeds. */
  plan: RunPlan;
  signal?: AbortSignal | undefined;
  failFast?: boolean | undefined;
  /**
   * Run-level timeout (ms) from this run's start (a resume counts afresh): one timer per run; when
   * it fires, the run stops as by failFast, aborting ctx.signal with a `RunTimeoutError`.
   */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  /** Source of jitter, in [0, 1). */
  random?: (() => number) | undefined;
  /** Names restored from a store; their tasks are already `completed`. */
  restored?: readonly string[] | undefined;
  /** The run's first start, when this resumes an interrupted run (its duration counts from then). */
  startedAt?: number | undefined;
  /**
   * The run's secret values by name (checked beforehand: every declared one is here); each task
   * gets only those its `secrets` option names.
   */
  secrets?: Readonly<Record<string, string>> | undefined;
  /** Most instances of mapped tasks this run may start (default `DEFAULT_MAX_MAP_INSTANCES`). */
  maxMapInstances?: number | undefined;
  /** Stored instances of mapped tasks a resume found (see `RestoredRun.instances`). */
  restoredInstances?: ReadonlyMap<string, readonly TaskInstanceState[]> | undefined;
}

const NO_VALUES: Readonly<Record<string, never>> = Object.freeze({});

/** Why a run stops early. */
type StopCause = 'cancel' | 'failFast' | 'timeout';

/** Interrupted attempts in a row after which a task fails (a task that kills every worker ends). */
export const MAX_INTERRUPTED_ATTEMPTS = 3;

/** Most tasks a chain sent ahead to a runner holds (see `followersOf`). */
const MAX_FOLLOWERS = 512;

/** Rules under which a task whose only upstream succeeded runs (and may follow it in a chain). */
const RUN_AFTER_ONE_SUCCESS: ReadonlySet<TriggerRule> = new Set([
  TriggerRule.AllSuccess,
  TriggerRule.OneSuccess,
  TriggerRule.OneDone,
  TriggerRule.AllDone,
  TriggerRule.AllDoneMinOneSuccess,
  TriggerRule.NoneFailed,
  TriggerRule.NoneFailedMinOneSuccess,
  TriggerRule.NoneSkipped,
]);

/** Options that keep a task out of a chain: its outcome or start must go through the scheduler. */
const UNCHAINED =
  TaskFlag.Timeout |
  TaskFlag.StatusCallback |
  TaskFlag.Branch |
  TaskFlag.ShortCircuit |
  TaskFlag.Mapped;

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
  /** Failed attempts per task index; created on the first failure. */
  #failures: Int32Array | undefined;
  /** Interrupted attempts in a row per task index; created on the first one. */
  #interrupts: Int32Array | undefined;
  readonly #ready: ReadySet;
  readonly #inflight: (Attempt | undefined)[];
  /** Pending retry timers by task index; created on the first delayed retry. */
  #retryTimers: (TimerHandle | undefined)[] | undefined;
  /** A settled attempt of a recyclable task, for the next recyclable task to reuse. */
  #spare: Attempt | undefined;
  #running = 0;
  #waiting = 0;
  #pumping = false;
  /** A clock reading the next start may reuse (NaN: none), and `report.externalCalls` then. */
  #stamp = NaN;
  #stampCalls = 0;
  #yielding = false;
  #stopping = false;
  #cancelled = false;
  #timedOut = false;
  #finished = false;
  #resolve: (() => void) | undefined;
  readonly #failedNames: string[] = [];
  /** @internal Attempt host: the run's parameter values. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Each task's own secrets, built on its first attempt. */
  #taskSecrets: Map<number, Readonly<Record<string, string>>> | undefined;
  /** Instances of mapped tasks waiting for a slot (FIFO from `#instanceHead`). */
  #instanceQueue: TaskInstance[] = [];
  #instanceHead = 0;
  /** Attempts of instances in flight. */
  readonly #instanceFlight = new Set<Attempt>();
  /** Mapped tasks whose instances are running. */
  readonly #maps = new Set<MappedTask>();
  /** Instances of mapped tasks this run has started or restored (for `maxMapInstances`). */
  #mappedInstances = 0;

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
  }

  /** @internal Attempt host: the secrets task `index` declares, with their values; `{}` when none. */
  secretsFor(index: number): Readonly<Record<string, string>> {
    const names = this.#tasks[index]?.options.secrets;
    const all = this.#cfg.secrets;
    if (names === undefined || names.length === 0 || all === undefined) return NO_VALUES;
    let own = this.#taskSecrets?.get(index);
    if (own === undefined) {
      const values: Record<string, string> = {};
      for (const name of names) if (Object.hasOwn(all, name)) values[name] = all[name]!;
      own = Object.freeze(values);
      (this.#taskSecrets ??= new Map()).set(index, own);
    }
    return own;
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
          this.#replayDecisions(done),
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
    const handled = status === WorkflowStatus.Completed ? [...this.#failedNames] : [];
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
    if (this.#failedNames.length === 0) return WorkflowStatus.Completed;
    if (this.#stopping || leafFailed(this.#tasks, this.#cfg.plan.downstream))
      return WorkflowStatus.Failed;
    return WorkflowStatus.Completed;
  }

  /**
   * @internal Attempt host: the chain that will run after task `i` if it succeeds, for a runner to
   * start ahead (see `AttemptRequest.followers`). Only when nothing else is running, ready or
   * waiting — then the order is the one this scheduler would follow anyway, whatever the executor —
   * and only along tasks that are each the single downstream of the one before, have it as their
   * only upstream, run after its success, have no timeout, callback, branch or secrets, and have
   * not started in this run.
   */
  followersOf(i: number): readonly Follower[] {
    if (
      this.#running !== 1 ||
      this.#waiting !== 0 ||
      this.#stopping ||
      this.#ready.hasNext() ||
      this.#hasInstance()
    )
      return [];
    if (Object.keys((this.#cfg as { secrets?: object }).secrets ?? {}).length > 0) return [];
    const { flags, rules, upstream, downstream, runnables } = this.#cfg.plan;
    const out: Follower[] = [];
    for (let cur = i; out.length < MAX_FOLLOWERS;) {
      if ((flags[cur]! & UNCHAINED) !== 0) break;
      const at = downstream.start[cur]!;
      if (downstream.start[cur + 1]! - at !== 1) break;
      const next = downstream.list[at]!;
      if (upstream.start[next + 1]! - upstream.start[next]! !== 1) break;
      if ((flags[next]! & UNCHAINED) !== 0 || !RUN_AFTER_ONE_SUCCESS.has(rules[next]!)) break;
      const task = this.#tasks[next]!;
      if (task.status !== TaskStatus.Pending) break;
      out.push({ task: runnables[next]!, attempt: task.attempts + 1 });
      cur = next;
    }
    return out;
  }

  /** Names of the tasks that failed, in failure order. */
  get failedTasks(): readonly string[] {
    return this.#failedNames;
  }

  /** Starts queued tasks while slots are free; re-entrant calls fold into the running loop. */
  #pump(): void {
    if (this.#pumping || this.#yielding) return;
    this.#pumping = true;
    this.#stamp = NaN;
    let sliceStart = NaN;
    let started = 0;
    const ready = this.#ready;
    // Re-read every pass: a worker pool widens its window when recent attempts were tiny.
    let limit = this.#concurrency();
    while (!this.#stopping && this.#running < limit) {
      if (ready.hasNext()) this.#start(ready.next());
      else if (this.#hasInstance()) this.#startInstance(this.#nextInstance());
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
    this.#stamp = NaN;
    this.#pumping = false;
    this.#checkFinished();
  }

  /**
   * When the next attempt starts. Reading the clock is not free (~0.1 µs on some machines), so
   * an attempt started right after another one settled inline takes that one's finish time — as
   * long as nothing outside the engine (callbacks, listeners, the store) has run since.
   */
  #startTime(): number {
    const stamp = this.#stamp;
    this.#stamp = NaN;
    return !Number.isNaN(stamp) && this.#stampCalls === this.report.externalCalls
      ? stamp
      : this.clock.now();
  }

  /** Reads the clock for an attempt's end; the next start in this pump pass may reuse it. */
  #finishTime(): number {
    const now = this.clock.now();
    if (this.#pumping) {
      this.#stamp = now;
      this.#stampCalls = this.report.externalCalls;
    }
    return now;
  }

  /** Attempts that may run at once, as the runner says now (at least 1). */
  #concurrency(): number {
    return Math.max(1, Math.floor(this.#cfg.runner.concurrency) || 1);
  }

  #checkFinished(): void {
    if (this.#finished || this.#yielding || this.#running > 0 || this.#waiting > 0) return;
    if (!this.#stopping && (this.#ready.hasNext() || this.#hasInstance())) return;
    this.#finished = true;
    this.#resolve?.();
  }

  #start(i: number): void {
    const cfg = this.#cfg;
    const flags = cfg.plan.flags[i]!;
    if ((flags & TaskFlag.Mapped) !== 0) {
      this.#expand(i);
      return;
    }
    const at = this.#startTime();
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
    if (instance) this.#instanceFlight.delete(att);
    else this.#inflight[att.taskIndex] = undefined;
    if (ok) {
      value = this.report.redact(value);
      const error = this.report.checkStorable(value);
      if (error)
        this.#fail(
          att,
          new TaskExecutionError(att.task.name, att.attempt, error, 'E_NOT_STORABLE'),
          false,
        );
      else if (instance) this.#instanceEnded(instance, TaskStatus.Completed, value);
      else this.#complete(att, value);
    } else if (isSkipSignal(value)) {
      const message = this.report.redact(value.message);
      if (instance) this.#instanceEnded(instance, TaskStatus.Skipped, message);
      else this.#skipSelf(att, message);
    } else if (isAttemptInterrupted(value) && !this.#stopping && this.#interrupted(att, value)) {
      // Run again: the attempt is recorded interrupted and uses up no retry.
    } else {
      this.#fail(att, value, true);
    }
    this.#pump();
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
    const now = this.#finishTime();
    task.endAttempt('completed', now);
    task.result = value;
    task.markFinished(now);
    this.report.status(task, TaskStatus.Completed, hasStatusCallback(plan, i));
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
  #replayDecisions(restored: readonly number[]): void {
    const plan = this.#cfg.plan;
    for (const i of restored) {
      const flags = plan.flags[i]!;
      const task = this.#tasks[i]!;
      if ((flags & TaskFlag.Branch) !== 0) {
        try {
          const branch = branchSkips(i, task.result, this.#tasks, plan.downstream);
          this.#ready.skip(branch.skip, SkipReason.BranchNotTaken, branch.message);
        } catch {
          // A stored choice that no longer fits the graph: its downstream follow their rules.
        }
      } else if ((flags & TaskFlag.ShortCircuit) !== 0 && !task.result) {
        const message = shortCircuitMessage(task.name, task.result);
        this.#ready.skip(descendants(i, plan.downstream), SkipReason.ShortCircuit, message);
      }
    }
  }

  /** `ctx.skip(reason)`: the task ends as skipped, never retried; its dependents follow their rules. */
  #skipSelf(att: Attempt, message: string): void {
    const task = att.task;
    const now = this.#finishTime();
    task.endAttempt('skipped', now);
    task.skipReason = SkipReason.Task;
    task.skipMessage = message;
    task.markFinished(now);
    this.report.status(task, TaskStatus.Skipped, hasStatusCallback(this.#cfg.plan, att.taskIndex));
    this.#ready.release(att.taskIndex);
  }

  #fail(att: Attempt, error: unknown, retryable: boolean): void {
    const task = att.task;
    const i = att.taskIndex;
    const timedOut = error === att.timeoutError;
    error = this.report.redact(error);
    const now = this.#finishTime();
    task.endAttempt(timedOut ? 'timeout' : 'failed', now, serializeError(error));
    const instance = att.instance;
    const failures = instance
      ? ++instance.failures
      : ++(this.#failures ??= new Int32Array(this.#tasks.length))[i]!;
    if (retryable && !this.#stopping && failures <= (task.options.retries ?? 0)) {
      const retryIf = task.options.retryIf;
      const refusal = retryIf === undefined ? undefined : retryRefusal(retryIf, error, failures);
      if (refusal === undefined) {
        this.#retry(i, task, failures, error);
        return;
      }
      this.report.log(task, 'warn', [refusal]);
    }
    task.error =
      error instanceof TaskExecutionError && error.taskName === task.name
        ? error
        : new TaskExecutionError(task.name, task.attempts, error);
    task.markFinished(now);
    if (instance) {
      instance.mapped.failed.push(instance);
      this.#instanceEnded(instance, TaskStatus.Failed, undefined);
      return;
    }
    this.#failedNames.push(task.name);
    this.report.status(task, TaskStatus.Failed);
    this.#ready.release(i);
    if (this.#cfg.failFast) this.#stop('failFast');
  }

  /**
   * An attempt lost with its worker: recorded `interrupted` and queued again at once, unless the
   * task has been interrupted {@link MAX_INTERRUPTED_ATTEMPTS} times in a row (then it fails).
   */
  #interrupted(att: Attempt, error: Error): boolean {
    const i = att.taskIndex;
    const instance = att.instance;
    const interrupts = instance
      ? ++instance.interrupts
      : ++(this.#interrupts ??= new Int32Array(this.#tasks.length))[i]!;
    if (interrupts > MAX_INTERRUPTED_ATTEMPTS) return false;
    const task = att.task;
    task.endAttempt('interrupted', this.#finishTime(), serializeError(error));
    this.report.log(task, 'warn', [`${error.message}; running it again`]);
    if (instance) {
      this.report.instanceStatus(instance, TaskStatus.Retrying);
      this.#instanceQueue.push(instance);
    } else {
      this.report.status(task, TaskStatus.Retrying);
      this.#ready.requeue(i);
    }
    return true;
  }

  /** Queues the next attempt of a task or of an instance (`task`), after its retry delay. */
  #retry(i: number, task: Task, retry: number, error: unknown): void {
    const delayMs = retryDelay(task.options, retry, this.#cfg.random);
    const inst = task instanceof TaskInstance ? task : undefined;
    if (inst) this.report.instanceStatus(inst, TaskStatus.Retrying);
    else this.report.status(task, TaskStatus.Retrying);
    this.report.retry(task, retry, delayMs, error);
    if (delayMs <= 0) {
      if (inst) this.#instanceQueue.push(inst);
      else this.#ready.requeue(i);
      return;
    }
    this.#waiting++;
    const timers = (this.#retryTimers ??= []);
    const handle = this.clock.setTimeout(() => {
      if (inst) inst.retryTimer = undefined;
      else timers[i] = undefined;
      this.#waiting--;
      if (inst) this.#instanceQueue.push(inst);
      else this.#ready.requeue(i);
      this.#pump();
    }, delayMs);
    if (inst) inst.retryTimer = handle;
    else timers[i] = handle;
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
      } else if (this.#retryTimers?.[i] !== undefined) {
        this.clock.clearTimeout(this.#retryTimers[i]);
        this.#retryTimers[i] = undefined;
        this.#waiting--;
      } else if (task.status !== TaskStatus.Retrying) {
        return;
      }
      task.markFinished(now);
      this.report.status(task, TaskStatus.Cancelled);
    });
    this.#cancelInstances(reason, now);
    this.#checkFinished();
  }

  #hasInstance(): boolean {
    return this.#instanceHead < this.#instanceQueue.length;
  }

  #nextInstance(): TaskInstance {
    const inst = this.#instanceQueue[this.#instanceHead++]!;
    // Drop the consumed head now and then, so a long map does not keep every instance queued.
    if (this.#instanceHead >= 1024 && this.#instanceHead * 2 >= this.#instanceQueue.length) {
      this.#instanceQueue = this.#instanceQueue.slice(this.#instanceHead);
      this.#instanceHead = 0;
    }
    return inst;
  }

  /**
   * A mapped task's turn: reads its upstream's array and queues one instance per item (those a
   * resume restored as completed excepted), or skips it (empty) or fails it (no array, limit).
   */
  #expand(i: number): void {
    const cfg = this.#cfg;
    const task = this.#tasks[i]!;
    const source = this.#tasks[cfg.plan.mapSources[i]!]!;
    const now = this.clock.now();
    task.beginAttempt(now);
    const limit = cfg.maxMapInstances ?? DEFAULT_MAX_MAP_INSTANCES;
    const plan = planMap(task, source, this.#mappedInstances, limit);
    if (plan.kind === 'fail') {
      this.#endMapped(i, TaskStatus.Failed, plan.error, now);
      return;
    }
    if (plan.kind === 'skip') {
      task.skipReason = SkipReason.EmptyMap;
      task.map = { total: 0, counts: emptyInstanceCounts() };
      this.#endMapped(i, TaskStatus.Skipped, plan.message, now);
      return;
    }
    this.#mappedInstances += plan.items.length;
    const map = new MappedTask(i, task, source, plan.items);
    const stored = cfg.restoredInstances?.get(task.name);
    // Only instances of the same array: the upstream itself was restored, not run again.
    const restored = stored !== undefined && source.restored ? map.restore(stored) : 0;
    task.map = map.summary;
    this.report.status(task, TaskStatus.Running, hasStatusCallback(cfg.plan, i));
    this.#maps.add(map);
    for (const inst of map.instances) {
      if (inst.status === TaskStatus.Pending) this.#instanceQueue.push(inst);
      else if (restored > 0) this.report.instanceRestored(inst);
    }
    if (map.remaining === 0) this.#finishMapped(map);
  }

  #startInstance(inst: TaskInstance): void {
    const at = this.#startTime();
    const cfg = this.#cfg;
    const i = inst.mapped.taskIndex;
    const timed = (cfg.plan.flags[i]! & TaskFlag.Timeout) !== 0;
    const attempt = new Attempt(i, inst, at, this, this.#controller.signal, timed);
    this.#running++;
    this.#instanceFlight.add(attempt);
    launchAttempt(this, attempt, cfg.plan, this.#tasks, cfg.runner);
  }

  /**
   * An instance ended `completed` (with its result), `skipped` (with the reason) or `failed` (its
   * error already set); the mapped task ends with its last instance, or at once on a failure
   * under failFast.
   */
  #instanceEnded(inst: TaskInstance, status: TaskStatus, value: unknown): void {
    const now = this.#finishTime();
    if (status === TaskStatus.Completed) {
      inst.endAttempt('completed', now);
      inst.result = value;
      inst.markFinished(now);
    } else if (status === TaskStatus.Skipped) {
      inst.endAttempt('skipped', now);
      inst.skipMessage = value as string;
      inst.markFinished(now);
    }
    this.report.instanceStatus(inst, status);
    const map = inst.mapped;
    if (!this.#maps.has(map)) return;
    if (map.remaining === 0 || (status === TaskStatus.Failed && this.#cfg.failFast))
      this.#finishMapped(map);
  }

  /** A mapped task's end, from its instances: failed, all skipped, or completed with the results. */
  #finishMapped(map: MappedTask): void {
    this.#maps.delete(map);
    const now = this.#finishTime();
    if (map.failed.length > 0)
      this.#endMapped(map.taskIndex, TaskStatus.Failed, map.failure(), now);
    else if (map.allSkipped()) {
      map.task.skipReason = SkipReason.Task;
      const message = `every one of its ${map.summary.total.toLocaleString('en-US')} instances skipped itself`;
      this.#endMapped(map.taskIndex, TaskStatus.Skipped, message, now);
    } else this.#endMapped(map.taskIndex, TaskStatus.Completed, map.results(), now);
  }

  /**
   * Ends a mapped task's one attempt (the whole map) as `completed` with `value` (the results),
   * `skipped` with `value` as the reason, or `failed` with `value` as the error; tells its
   * dependents.
   */
  #endMapped(i: number, status: TaskStatus, value: unknown, now: number): void {
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
      this.#failedNames.push(task.name);
    }
    task.markFinished(now);
    this.report.status(task, status, hasStatusCallback(this.#cfg.plan, i));
    this.#ready.release(i);
    if (status === TaskStatus.Failed && this.#cfg.failFast) this.#stop('failFast');
  }

  /**
   * Cancels the instances in flight and those waiting for a retry, then the mapped tasks still
   * running; instances never started stay `pending`.
   */
  #cancelInstances(reason: Error, now: number): void {
    for (const att of this.#instanceFlight) {
      att.end();
      att.abort(reason);
      this.#running--;
      const inst = att.instance!;
      inst.endAttempt('cancelled', now);
      inst.markFinished(now);
      this.report.instanceStatus(inst, TaskStatus.Cancelled);
    }
    this.#instanceFlight.clear();
    for (const map of this.#maps) {
      for (const inst of map.instances) {
        if (inst.retryTimer !== undefined) {
          this.clock.clearTimeout(inst.retryTimer);
          inst.retryTimer = undefined;
          this.#waiting--;
        } else if (inst.status !== TaskStatus.Retrying) continue;
        inst.markFinished(now);
        this.report.instanceStatus(inst, TaskStatus.Cancelled);
      }
      const task = map.task;
      task.endAttempt('cancelled', now);
      task.markFinished(now);
      this.report.status(task, TaskStatus.Cancelled);
    }
    this.#maps.clear();
  }
}
