// Runs a workflow across machines: the scheduler here (the coordinator) dispatches each attempt as
// a BullMQ job that `flowweaver worker` processes take from Redis. Node only.
import { FlowWeaverError } from '../model/errors.ts';
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { StateStore } from '../storage/StateStore.ts';
import type { ExecuteOptions, Executor } from '../execute/Executor.ts';
import { executeWithRunner } from '../execute/runWithRunner.ts';
import { DistributedRunner, type DistributedRunnerOptions } from './DistributedRunner.ts';
import { REDIS_UNAVAILABLE } from './redisLink.ts';

/** Options of `new DistributedExecutor`. */
export interface DistributedExecutorOptions extends DistributedRunnerOptions {
  /** Default store for runs (resume, history); `execute`'s `store` overrides it. */
  store?: StateStore;
}

/**
 * Runs tasks on `flowweaver worker` processes through BullMQ on Redis (contract §3 semantics:
 * trigger rules, retries, timeouts, cancel, events, state store and resume stay this process's).
 * A worker that dies mid-attempt makes the attempt `interrupted` and it runs again elsewhere; a
 * coordinator restarted on the same run id and store takes over its attempts' jobs instead of
 * running them twice. When Redis stays unreachable past `redisUnavailableTimeoutMs`, the run
 * stops (state kept) and `execute` rejects with a `FlowWeaverError` coded `E_REDIS_UNAVAILABLE`.
 */
export class DistributedExecutor implements Executor {
  readonly store: StateStore | undefined;
  readonly runner: DistributedRunner;

  constructor(options: DistributedExecutorOptions) {
    const { store, ...runnerOptions } = options;
    this.store = store;
    this.runner = new DistributedRunner(runnerOptions);
  }

  /** Same as `workflow.execute(this, options)`. */
  async execute(workflow: Workflow, options: ExecuteOptions = {}): Promise<RunResult> {
    const store = options.store ?? this.store;
    const controller = new AbortController();
    const outer = options.signal;
    const forward = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    let fatal: Error | undefined;
    this.runner.runWarning = options.onWarning;
    this.runner.onFatal = (error) => {
      fatal ??= error;
      controller.abort(error);
    };
    try {
      return await executeWithRunner(workflow, this.runner, {
        ...options,
        ...(store ? { store } : {}),
        signal: controller.signal,
        executorKind: 'distributed',
      });
    } catch (error) {
      if (fatal) throw new FlowWeaverError(REDIS_UNAVAILABLE, fatal.message, { cause: error });
      throw error;
    } finally {
      outer?.removeEventListener('abort', forward);
      this.runner.onFatal = undefined;
      this.runner.runWarning = undefined;
    }
  }

  /** Closes the Redis connections. */
  async dispose(): Promise<void> {
    await this.runner.dispose();
  }
}
