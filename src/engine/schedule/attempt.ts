// One attempt of one task: its context, inputs, timeout and the hand-off to the runner.
import { skipTask, TaskTimeoutError } from '../model/errors.ts';
import { TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { LogLine, TaskContext } from '../model/types.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { RunReporter } from './RunReporter.ts';
import type { CompactAdjacency } from '../graph/compactAdjacency.ts';
import { hasStatusCallback, type RunPlan } from './runPlan.ts';
import type { AttemptRequest, Follower, RunnableTask, TaskRunner } from './TaskRunner.ts';
import { emptyRecord } from '../util/records.ts';
import type { MissingInput } from '../model/missingInputs.ts';
import { TaskInstance } from './mappedTask.ts';

/** What an attempt needs from the scheduler that owns it. */
export interface AttemptHost {
  readonly clock: Clock;
  readonly report: RunReporter;
  readonly runId: string;
  /** The run's parameter values (`ctx.params`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The secrets the task at `index` declares, with their values (`ctx.secrets`). */
  secretsFor(index: number): Readonly<Record<string, string>>;
  /** Called exactly once per attempt with its outcome (the first of answer, timeout, cancel). */
  settle(attempt: Attempt, ok: boolean, value: unknown): void;
  /** The chain that may follow the attempt of task `index` (see `AttemptRequest.followers`). */
  followersOf?(index: number): readonly Follower[];
}

/** The cooperative timeout of one attempt: its own `ctx.signal`, the timer and the error it raised. */
interface Deadline {
  controller: AbortController;
  timer: TimerHandle | undefined;
  error: TaskTimeoutError | undefined;
}

/**
 * An attempt in flight. It is also the task's `ctx` (`signal`, `attempt`, `runId`, `taskName`,
 * `log`), so an attempt costs one object; the scheduler's bookkeeping sits in private fields
 * behind getters, out of sight of `Object.keys(ctx)`.
 */
export class Attempt implements TaskContext {
  readonly signal: AbortSignal;
  // Written again only by `recycle`, for attempts no task code could see.
  attempt: number;
  readonly runId: string;
  taskName: string;
  #index: number;
  #task: Task;
  readonly #host: AttemptHost;
  #settled = false;
  readonly #deadline: Deadline | undefined;
  #log: ((...args: unknown[]) => void) | undefined;

  /**
   * Records a new attempt of `task` started `at` (number, history entry) without launching it.
   * Only a task with a timeout (`timed`) gets its own controller; the others share the run's signal.
   */
  constructor(
    index: number,
    task: Task,
    at: number,
    host: AttemptHost,
    runSignal: AbortSignal,
    timed: boolean,
  ) {
    this.attempt = task.beginAttempt(at);
    this.runId = host.runId;
    this.taskName = task.name;
    this.#index = index;
    this.#task = task;
    this.#host = host;
    if (timed) {
      const controller = new AbortController();
      this.#deadline = { controller, timer: undefined, error: undefined };
      this.signal = controller.signal;
    } else {
      this.signal = runSignal;
    }
  }

  /**
   * @internal Turns this settled attempt into a new one of another task, sparing an allocation per
   * attempt on big graphs. Only for attempts of `TaskFlag.Recyclable` tasks (no arguments, no
   * timeout) that settled inline: no task code, runner or timer can still hold them.
   */
  recycle(index: number, task: Task, at: number): this {
    this.attempt = task.beginAttempt(at);
    this.taskName = task.name;
    this.#index = index;
    this.#task = task;
    this.#settled = false;
    this.#log = undefined;
    return this;
  }

  /** @internal The instance this attempt runs, for a mapped task; `undefined` otherwise. */
  get instance(): TaskInstance | undefined {
    const task = this.#task;
    return task instanceof TaskInstance ? task : undefined;
  }

  /** `ctx.item`: the item of a mapped task's instance; `undefined` otherwise. */
  get item(): unknown {
    return this.instance?.item;
  }

  /** `ctx.index`: the item's position, for a mapped task's instance; `undefined` otherwise. */
  get index(): number | undefined {
    return this.instance?.mapIndex;
  }

  /** @internal Position of the task in `workflow.tasks`. */
  get taskIndex(): number {
    return this.#index;
  }

  /** @internal */
  get task(): Task {
    return this.#task;
  }

  /** @internal True once the scheduler has accounted for the outcome; later ones are ignored. */
  get settled(): boolean {
    return this.#settled;
  }

  /** @internal The error this attempt's own timeout produced, if it fired. */
  get timeoutError(): TaskTimeoutError | undefined {
    return this.#deadline?.error;
  }

  /** `ctx.log(...)`: bound on first use, so `const { log } = ctx` works and silent tasks pay nothing. */
  get log(): (...args: unknown[]) => void {
    return (this.#log ??= (...args: unknown[]) => this.#host.report.log(this.#task, 'log', args));
  }

  /** `ctx.params`: the run's parameter values. */
  get params(): Readonly<Record<string, unknown>> {
    return this.#host.params;
  }

  /** `ctx.secrets`: the values of the secrets this task declares, and no others. */
  get secrets(): Readonly<Record<string, string>> {
    return this.#host.secretsFor(this.#index);
  }

  /** `ctx.skip(reason)`: ends the attempt as skipped (throws the skip signal). */
  skip(reason?: string): never {
    return skipTask(reason);
  }

  /** @internal Where a runner sends this attempt's ready-made log lines. */
  get onLog(): (line: LogLine) => void {
    return (line: LogLine) => this.#host.report.addLog(this.#task, line);
  }

  /** @internal Arms the cooperative timeout, if the task has one (once; not after it settled). */
  armTimeout(): void {
    const deadline = this.#deadline;
    if (deadline === undefined || deadline.timer !== undefined || this.#settled) return;
    const timeoutMs = this.#task.options.timeoutMs;
    if (timeoutMs === undefined) return;
    const host = this.#host;
    deadline.timer = host.clock.setTimeout(() => {
      if (this.#settled) return;
      const error = new TaskTimeoutError(this.taskName, this.attempt, timeoutMs);
      deadline.error = error;
      deadline.controller.abort(error);
      host.settle(this, false, error);
    }, timeoutMs);
  }

  /** @internal Marks it settled and clears its timer. */
  end(): void {
    this.#settled = true;
    const deadline = this.#deadline;
    if (deadline?.timer !== undefined) {
      this.#host.clock.clearTimeout(deadline.timer);
      deadline.timer = undefined;
    }
  }

  /** @internal Fires its own `ctx.signal` (tasks without a timeout share the run's signal). */
  abort(reason: unknown): void {
    this.#deadline?.controller.abort(reason);
  }
}

/** A request for `runner.run`, which may keep it while the attempt is in flight. */
class Request implements AttemptRequest {
  constructor(
    readonly task: RunnableTask,
    readonly inputs: Record<string, unknown>,
    readonly ctx: Attempt,
    readonly missing: readonly MissingInput[] | undefined,
    private readonly host: AttemptHost,
  ) {}

  followers(): readonly Follower[] {
    return this.host.followersOf?.(this.ctx.taskIndex) ?? [];
  }

  started(): void {
    this.ctx.armTimeout();
  }

  get onLog(): (line: LogLine) => void {
    return this.ctx.onLog;
  }
}

/**
 * The request for `runner.runInline`, refilled for every inline attempt. An inline run reads it
 * before any task code runs and never keeps it, so one object serves every run in this thread.
 * Being long-lived, it also keeps V8's hidden classes of requests and attempts alive between runs:
 * otherwise a GC between two runs throws away the code optimized for them, and the next run pays
 * for it.
 */
class InlineRequest implements AttemptRequest {
  task: RunnableTask = { name: '', options: {}, dependsOn: [] };
  inputs: Record<string, unknown> = emptyRecord();
  ctx!: Attempt;
  missing: readonly MissingInput[] | undefined = undefined;

  get onLog(): (line: LogLine) => void {
    return this.ctx.onLog;
  }

  started(): void {
    this.ctx.armTimeout();
  }
}
const inline = new InlineRequest();

/** The `inputs` of a task whose function takes no arguments: never seen, so shared. */
const NO_INPUTS: Record<string, unknown> = Object.freeze(emptyRecord());

/**
 * The direct upstream tasks of the last `buildInputs` that have no result (failed, skipped, not
 * finished: a trigger rule such as `all_done` lets a task run anyway), or `undefined`.
 */
let lastMissing: MissingInput[] | undefined;

/**
 * Direct upstream results by name, in a record without a prototype (task names are keys); the
 * upstream tasks without a result are left in `lastMissing`.
 */
function buildInputs(
  i: number,
  upstream: CompactAdjacency,
  tasks: readonly Task[],
): Record<string, unknown> {
  lastMissing = undefined;
  const { start, list } = upstream;
  const from = start[i]!;
  const to = start[i + 1]!;
  // A dictionary-mode object: keys are task names, and giving every distinct name set its own
  // hidden class would cost a map transition per task on large graphs.
  const inputs = emptyRecord<unknown>();
  if (from === to) return inputs;
  for (let k = from; k < to; k++) {
    const up = tasks[list[k]!]!;
    if (up.status === TaskStatus.Completed) inputs[up.name] = up.result;
    else (lastMissing ??= []).push(missingInputOf(up));
  }
  return inputs;
}

/**
 * Starts an attempt: reports `running`, builds inputs from the direct upstream results, arms the
 * cooperative timeout and hands it to the runner — inline when the runner allows, so a
 * synchronous task settles before this returns.
 */
export function launchAttempt(
  host: AttemptHost,
  attempt: Attempt,
  plan: RunPlan,
  tasks: readonly Task[],
  runner: TaskRunner,
): void {
  if (!runner.timesFromStart) attempt.armTimeout();
  const instance = attempt.instance;
  if (instance) host.report.instanceStatus(instance, TaskStatus.Running);
  else
    host.report.status(
      attempt.task,
      TaskStatus.Running,
      hasStatusCallback(plan, attempt.taskIndex),
    );
  const runnable = plan.runnables[attempt.taskIndex]!;
  // A function that cannot see its arguments is not worth a dictionary of upstream results.
  let inputs = NO_INPUTS;
  let missing: MissingInput[] | undefined;
  if (!runnable.ignoresArguments) {
    inputs = buildInputs(attempt.taskIndex, plan.upstream, tasks);
    missing = lastMissing;
    // An instance sees its own item where the whole array would be (Airflow's `expand`).
    if (instance) inputs[instance.mapped.source.name] = instance.item;
  }
  let outcome: unknown;
  try {
    if (runner.runInline) {
      inline.task = runnable;
      inline.inputs = inputs;
      inline.ctx = attempt;
      inline.missing = missing;
      outcome = runner.runInline(inline);
    } else {
      outcome = runner.run(new Request(runnable, inputs, attempt, missing, host));
    }
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

function missingInputOf(task: Task): MissingInput {
  return task.skipReason === undefined
    ? { name: task.name, status: task.status }
    : { name: task.name, status: task.status, skipReason: task.skipReason };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
