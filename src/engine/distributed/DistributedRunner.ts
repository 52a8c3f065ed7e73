// A TaskRunner whose attempts run on other machines: each attempt becomes one BullMQ job, its
// inputs and result travel through Redis. The scheduler keeps everything else (trigger rules,
// retries, timeouts, cancel, events, the state store, resume). Node only.
import {
  AttemptInterruptedError,
  messageOf,
  TaskTimeoutError,
  WorkflowValidationError,
  type ValidationIssue,
} from '../model/errors.ts';
import { checkPortable } from '../execute/portability.ts';
import type { AttemptRequest, RunnableTask, TaskRunner } from '../schedule/TaskRunner.ts';
import {
  attemptJobId,
  cancelChannel,
  cancelKey,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_QUEUE,
  type AttemptJobData,
  type CancelMessage,
} from './protocol.ts';
import { redisOptions } from './redisLink.ts';
import { JobAdder } from './JobAdder.ts';
import { JobLookUps } from './JobLookUps.ts';
import { LogFollower } from './LogFollower.ts';
import { RunnerLink, within } from './RunnerLink.ts';
import { WaitingAttempts, type Pending } from './WaitingAttempts.ts';

export { lastEventId } from './RunnerLink.ts';

/** Options of {@link DistributedRunner} (and of `DistributedExecutor`). */
export interface DistributedRunnerOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  redisUrl: string;
  /** BullMQ queue name (default `flowweaver`); workers must take from the same one. */
  queue?: string;
  /** Attempts queued or running at once (default 256): workers, not this number, bound the parallelism. */
  maxInFlight?: number;
  /** Largest result a worker sends back, in bytes of its JSON (default 1 MiB); larger fails the task. */
  maxResultBytes?: number;
  /** How long Redis may be unreachable before the run stops (default 30 s). */
  redisUnavailableTimeoutMs?: number;
  /** Warnings: Redis unreachable or back. Default: `console.warn`. */
  onWarning?: (message: string) => void;
}

/** How long a cancel mark stays for a worker that takes the job late. */
const CANCEL_MARK_MS = 10 * 60_000;

/**
 * Runs attempts as BullMQ jobs for `flowweaver worker` processes. Job ids are derived from the run
 * id, task name and attempt number, so a coordinator restarted on the same run finds the job of an
 * attempt it had started (running or finished) and takes its outcome instead of running it again.
 * A job whose worker died (stalled) ends the attempt as interrupted; the scheduler runs it again.
 */
export class DistributedRunner implements TaskRunner {
  readonly concurrency: number;
  /**
   * A task's `timeoutMs` counts from when its attempt begins in a worker's thread (the worker's
   * StartMessage), not from when its job is queued: a job waiting for a free worker is not timed out.
   */
  readonly timesFromStart = true;
  readonly queueName: string;
  /** Called once when Redis stayed unreachable past the timeout (the executor stops the run). */
  onFatal: ((error: Error) => void) | undefined;
  /** The current run's warning sink (`execute`'s `onWarning`), used when the options give none. */
  runWarning: ((message: string) => void) | undefined;
  private readonly options: DistributedRunnerOptions;
  private readonly attempts: WaitingAttempts;
  /** Jobs being removed or stopped (a cancel): `dispose` lets them finish first. */
  private readonly stopping = new Set<Promise<void>>();
  private readonly fnSources = new WeakMap<object, string>();
  private readonly adder: JobAdder;
  private readonly liveLogs: LogFollower;
  private readonly link: RunnerLink;
  private readonly lookUps: JobLookUps;

  constructor(options: DistributedRunnerOptions) {
    redisOptions(options.redisUrl); // a bad URL fails here, not in the middle of a run
    this.options = options;
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.concurrency = Math.max(1, Math.floor(options.maxInFlight ?? 256));
    this.attempts = new WaitingAttempts((jobId, reason) => {
      const stopping = this.stop(jobId, reason);
      this.stopping.add(stopping);
      void stopping.finally(() => this.stopping.delete(stopping));
    });
    this.adder = new JobAdder(this.attempts.byJob);
    this.liveLogs = new LogFollower(this.queueName, this.attempts.byJob);
    this.link = new RunnerLink(options, this.queueName, {
      warn: (message) => this.warn(message),
      giveUp: (error) => this.onFatal?.(error),
      reconcile: (olderThanMs) => void this.lookUps.reconcile(olderThanMs),
      logMessage: (text) => this.liveLogs.onLogBatch(text),
      completed: (jobId, returnvalue) => this.attempts.finished(jobId, returnvalue),
      failed: (jobId, reason) => this.lookUps.failed(jobId, reason),
      duplicated: (queue, jobId) =>
        void this.lookUps.lookUp(queue, jobId, jobId).catch(() => undefined),
      connectFailed: () => void this.dispose(),
    });
    this.lookUps = new JobLookUps(this.queueName, this.attempts, this.link);
  }

  private warn(message: string): void {
    const sink = this.options.onWarning ?? this.runWarning;
    if (sink) sink(message);
    else console.warn(`[flowweaver] ${message}`);
  }

  /** Refuses function tasks that cannot travel as source (E_NOT_PORTABLE), then connects. */
  async prepare(tasks: readonly RunnableTask[]): Promise<void> {
    const issues: ValidationIssue[] = [];
    for (const task of tasks) {
      // Secret values would travel through Redis and stay there with the job: refused, not dropped.
      const secrets = task.options.secrets ?? [];
      if (secrets.length > 0)
        issues.push({
          code: 'E_NOT_PORTABLE',
          task: task.name,
          message: `Task "${task.name}" declares secrets (${secrets.join(', ')}), which the distributed executor does not send to workers (they would be stored in Redis with the job). Run it with another executor, or give the workers the value another way.`,
        });
      if (!task.fn || this.fnSources.has(task.fn)) continue;
      const result = checkPortable(task.fn);
      if (result.ok) this.fnSources.set(task.fn, result.source);
      else
        issues.push({
          code: 'E_NOT_PORTABLE',
          task: task.name,
          message: `Task "${task.name}" cannot run on a distributed worker: ${result.reason}. Use a code task, or a self-contained function.`,
        });
    }
    if (issues.length > 0) throw new WorkflowValidationError(issues);
    await this.link.open();
  }

  /** Queues the attempt as a job and resolves with its result (or rejects with the task's error). */
  run(request: AttemptRequest): Promise<unknown> {
    const { task, ctx } = request;
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    const jobId = attemptJobId(ctx.runId, task.name, ctx.attempt, ctx.index);
    const data: AttemptJobData = {
      v: 1,
      runId: ctx.runId,
      task: task.name,
      attempt: ctx.attempt,
      dependsOn: task.dependsOn,
      inputs: request.inputs,
      maxResultBytes: this.options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      ...(task.fn ? { fnSource: this.fnSources.get(task.fn) ?? '' } : { code: task.code ?? '' }),
      ...(request.missing ? { missing: request.missing } : {}),
      ...(task.options.timeoutMs !== undefined ? { timeoutMs: task.options.timeoutMs } : {}),
      ...(ctx.params && Object.keys(ctx.params).length > 0 ? { params: { ...ctx.params } } : {}),
      ...(ctx.index !== undefined ? { map: { index: ctx.index, item: ctx.item } } : {}),
    };
    return new Promise<unknown>((resolve, reject) => {
      const entry: Pending = {
        jobId,
        request,
        data,
        resolve,
        reject,
        since: Date.now(),
        logged: 0,
      };
      this.attempts.add(entry);
      // Not the task's fault (Redis went away mid-command): the attempt is interrupted, runs again.
      this.dispatch(jobId, data).catch((error: unknown) =>
        this.attempts.fail(
          this.attempts.take(entry.jobId),
          new AttemptInterruptedError(
            task.name,
            `its job could not be queued (${messageOf(error)})`,
          ),
        ),
      );
    });
  }

  /**
   * Adds the job. The first attempt this runner sees of a task whose attempt number is above 1
   * (a resumed run) first looks for the job of an earlier attempt still waiting, running or
   * finished, and waits on that one instead: a restarted coordinator does not run it twice.
   */
  private async dispatch(jobId: string, data: AttemptJobData): Promise<void> {
    const { queue, logs } = this.link.now ?? (await this.link.open());
    const following = this.liveLogs.follow(logs, data.runId);
    if (following) await following;
    const resumed = data.attempt > 1 && !this.attempts.failedBefore(data);
    if (resumed && (await this.lookUps.adoptEarlier(queue, jobId, data))) return;
    await this.adder.add(queue, jobId, data);
    // Adding an id that exists adds nothing: its 'duplicated' event looks the job up (lookUp).
  }

  /** Removes a job still queued, and tells the workers to stop it if one is running it. */
  private async stop(jobId: string, reason: unknown): Promise<void> {
    if (!this.link.opened) return;
    try {
      const { queue, client } = await this.link.opened;
      // A job on its way to Redis is there once its bulk is: then it is removed like any other.
      await this.adder.bulkOf(jobId)?.catch(() => undefined);
      // Only a job still queued is removed: a finished one holds work done (a resumed run takes
      // its outcome), and BullMQ removes any job whose lock is free.
      const state = await queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed' || state === 'unknown') return;
      if (state !== 'active' && (await queue.remove(jobId).catch(() => 0)) === 1) return;
      const message: CancelMessage = {
        jobId,
        reason: reason instanceof TaskTimeoutError ? 'timeout' : 'cancel',
        ...(reason instanceof TaskTimeoutError ? { timeoutMs: reason.timeoutMs } : {}),
      };
      await client.set(cancelKey(this.queueName, jobId), message.reason, 'PX', CANCEL_MARK_MS);
      await client.publish(cancelChannel(this.queueName), JSON.stringify(message));
    } catch {
      // Redis unreachable: the worker's own deadline (timeouts) or the run's end covers it.
    }
  }

  /** Closes the connections (the jobs of finished runs expire by themselves). */
  async dispose(): Promise<void> {
    this.link.stopWatching();
    await within(Promise.allSettled([...this.stopping]), 2_000);
    const opened = this.link.forget();
    if (!opened) return;
    const { queue, events, client, logs } = await opened.catch(() => ({
      queue: undefined,
      events: undefined,
      client: undefined,
      logs: undefined,
    }));
    this.liveLogs.clear();
    client?.disconnect();
    logs?.disconnect();
    // Closing waits for Redis; when it is gone (the run stopped for that), do not wait for ever.
    await within(Promise.allSettled([queue?.close(), events?.close()]), 2_000);
    void queue?.disconnect().catch(() => undefined);
    void events?.disconnect().catch(() => undefined);
  }
}
