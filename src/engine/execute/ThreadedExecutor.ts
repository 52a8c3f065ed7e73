// Runs tasks in parallel in a pool of Web Workers (browser) or worker_threads (Node).
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { StateStore } from '../storage/StateStore.ts';
import type { ExecuteOptions, Executor } from './Executor.ts';
import { executeWithRunner } from './runWithRunner.ts';
import { ThreadedRunner, type ThreadedRunnerOptions } from './ThreadedRunner.ts';

/** Options of `new ThreadedExecutor`. */
export interface ThreadedExecutorOptions extends Omit<ThreadedRunnerOptions, 'spawn'> {
  /** Default store for runs (resume, history); `execute`'s `store` overrides it. */
  store?: StateStore;
}

/**
 * Runs tasks in parallel in workers (contract §3). Workers start on first use, stay warm between
 * runs, and end after `idleTtlMs` idle; they never keep a Node process alive. Timeouts are hard:
 * the worker is terminated and replaced. Function tasks must not close over outer variables
 * (`E_NOT_PORTABLE` before the run). Call `dispose()` to end the workers at once.
 */
export class ThreadedExecutor implements Executor {
  readonly store: StateStore | undefined;
  /** The runner (pool) behind this executor, shared by all its runs. */
  readonly runner: ThreadedRunner;

  constructor(options: ThreadedExecutorOptions = {}) {
    const { store, ...runnerOptions } = options;
    this.store = store;
    this.runner = new ThreadedRunner(runnerOptions);
  }

  /** Workers at most. */
  get maxWorkers(): number {
    return this.runner.maxWorkers;
  }

  /** Same as `workflow.execute(this, options)`. */
  execute(workflow: Workflow, options: ExecuteOptions = {}): Promise<RunResult> {
    const store = options.store ?? this.store;
    return executeWithRunner(workflow, this.runner, {
      ...options,
      ...(store ? { store } : {}),
      executorKind: 'threaded',
    });
  }

  /**
   * Starts the workers now, so the first run does not wait for them (e.g. while a document is
   * read and validated): all of them, or the first `workers` (the CLI starts one, which is what
   * a first task waits for; workers loading side by side slow each other on a busy machine). They
   * stay warm between runs and end after `idleTtlMs` idle.
   */
  warm(workers?: number): void {
    this.runner.warm(workers);
  }

  /** Ends every worker; the executor starts fresh ones if used again. */
  async dispose(): Promise<void> {
    await this.runner.dispose();
  }
}
