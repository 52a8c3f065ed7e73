// Many tasks at once in the calling thread: for I/O-bound (awaiting) tasks.
import { FlowWeaverError } from '../model/errors.ts';
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { StateStore } from '../storage/StateStore.ts';
import type { ExecuteOptions, Executor } from './Executor.ts';
import { InThreadRunner } from './InThreadRunner.ts';
import { executeWithRunner } from './runWithRunner.ts';

/** Options of `new AsyncExecutor`. */
export interface AsyncExecutorOptions {
  /** Most tasks in flight at once (default 50). */
  maxConcurrent?: number;
  /** Default store for runs; `execute`'s `store` overrides it. */
  store?: StateStore;
}

/** Runs up to `maxConcurrent` tasks at once in the calling thread, each as soon as it is ready. */
export class AsyncExecutor implements Executor {
  readonly maxConcurrent: number;
  readonly store: StateStore | undefined;

  constructor(options: AsyncExecutorOptions = {}) {
    const max = options.maxConcurrent ?? 50;
    if (!Number.isInteger(max) || max < 1) {
      throw new FlowWeaverError(
        'E_BAD_OPTION',
        `maxConcurrent must be a positive integer, got ${String(max)}`,
      );
    }
    this.maxConcurrent = max;
    this.store = options.store;
  }

  /** Same as `workflow.execute(this, options)`. */
  execute(workflow: Workflow, options: ExecuteOptions = {}): Promise<RunResult> {
    const store = options.store ?? this.store;
    return executeWithRunner(workflow, new InThreadRunner(this.maxConcurrent), {
      ...options,
      ...(store ? { store } : {}),
      executorKind: 'async',
    });
  }

  /** Nothing to release. */
  async dispose(): Promise<void> {}
}
