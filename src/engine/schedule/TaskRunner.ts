// The seam between the scheduler and where task code actually runs (this thread, or a worker).
// The scheduler owns ordering, retries, timeouts, cancel and events; a runner only runs attempts.
import type { MissingInput } from '../model/missingInputs.ts';
import type { LogLine, PortableTaskOptions, TaskContext, TaskFunction } from '../model/types.ts';

/** What a runner needs to know about a task. */
export interface RunnableTask {
  name: string;
  /** Body of an async function (a code task), or `undefined` for a function task. */
  code?: string | undefined;
  fn?: TaskFunction | undefined;
  /** True when `fn` cannot read its arguments (`() => …`): its attempts get an empty `inputs`. */
  ignoresArguments?: boolean | undefined;
  options: PortableTaskOptions;
  /** Direct upstream names, in declaration order. */
  dependsOn: readonly string[];
}

/** One attempt handed to a runner. */
export interface AttemptRequest {
  task: RunnableTask;
  inputs: Record<string, unknown>;
  /** `ctx.signal` aborts on timeout (reason: TaskTimeoutError) or cancel (reason: RunCancelledError). */
  ctx: TaskContext;
  /** Where log lines go (already timestamped); the scheduler turns them into `task-log` events. */
  onLog: (line: LogLine) => void;
  /**
   * Direct upstream tasks without a result (a trigger rule such as `all_done` ran the task after
   * they failed or were skipped), absent from `inputs`; `undefined` when every upstream completed.
   * A runner hands the task `guardInputs(name, inputs, missing)` so that reading one throws.
   */
  missing?: readonly MissingInput[] | undefined;
  /**
   * The chain that may follow this attempt, for runners that run tasks away from the scheduler
   * (a worker): the tasks that will run next, in order, if this attempt succeeds — each the only
   * downstream of the one before and having it as its only upstream, with nothing else to run in
   * the meantime. A runner may start them itself without a round trip (see `AttemptMessage.then`),
   * as long as it hands the scheduler each one's outcome when `run` is called for it, and drops
   * the rest of the chain (dispatching normally) wherever a result is not small plain data.
   * Computed on call; empty when no chain follows.
   */
  followers?(): readonly Follower[];
  /**
   * The attempt has really begun: its timeout counts from now. Runners that set
   * `TaskRunner.timesFromStart` call it (an attempt may first wait for a worker to start, or for
   * the attempts before it in its worker to let go of the thread); calling it again does nothing.
   */
  started?(): void;
}

/** A task that may run right after the one before it in a chain (see `AttemptRequest.followers`). */
export interface Follower {
  task: RunnableTask;
  /** The number its next attempt will have. */
  attempt: number;
}

/** Runs task attempts. The scheduler never waits on an attempt past its abort. */
export interface TaskRunner {
  /** How many attempts may run at once. */
  readonly concurrency: number;
  /**
   * The runner calls `request.started()` when each attempt really begins, and the task's
   * `timeoutMs` counts from then; otherwise it counts from when the attempt is handed to `run`.
   */
  readonly timesFromStart?: boolean;
  /** Checks before a run starts (e.g. E_NOT_PORTABLE); throws WorkflowValidationError. */
  prepare?(tasks: readonly RunnableTask[]): void | Promise<void>;
  /** Runs one attempt; resolves with the result or rejects with the task's error. */
  run(request: AttemptRequest): Promise<unknown>;
  /**
   * Optional in-thread fast path, preferred over `run` when present: returns the result directly
   * when the attempt finished synchronously, a promise (thenable) when it did not, and throws the
   * task's error for a synchronous failure. Saves a promise round-trip per synchronous task;
   * worker-based runners simply leave it out. The scheduler refills one request object for every
   * inline attempt, so read what you need from it before running task code, and do not keep it.
   */
  runInline?(request: AttemptRequest): unknown;
  /**
   * Subscribes to `concurrency` growing while no attempt ends (workers found their attempts all
   * waiting and can take more); the scheduler then starts more. Returns the unsubscribe function.
   */
  onCapacity?(listener: () => void): () => void;
  /** Ends what the runner holds (workers). */
  dispose?(): Promise<void>;
}
