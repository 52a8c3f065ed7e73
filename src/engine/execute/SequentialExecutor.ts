// One task at a time, in the calling thread.
import { registerDefaultExecutor } from '../model/defaultExecutor.ts';
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { StateStore } from '../storage/StateStore.ts';
import type { ExecuteOptions, Executor } from './Executor.ts';
import { InThreadRunner } from './InThreadRunner.ts';
import { executeWithRunner } from './runWithRunner.ts';

/** Options of `new SequentialExecutor`. */
export interface SequentialExecutorOptions {
  /** Default store for runs (resume, history); `execute`'s `store` overrides it. */
  store?: StateStore;
}

/** Runs tasks one at a time in the calling thread, in readiness order (ties by insertion order). */
export class SequentialExecutor implements Executor {
  readonly store: StateStore | undefined;

  constructor(options: SequentialExecutorOptions = {}) {
    this.store = options.store;
  }

  /** Same as `workflow.execute(this, options)`. */
  execute(workflow: Workflow, options: ExecuteOptions = {}): Promise<RunResult> {
    const store = options.store ?? this.store;
    return executeWithRunner(workflow, new InThreadRunner(1), {
      ...options,
      ...(store ? { store } : {}),
      executorKind: 'sequential',
    });
  }

  /** Nothing to release; present so every executor can be disposed alike. */
  async dispose(): Promise<void> {}
}

// `workflow.execute()` without an executor runs here (the model never imports an executor).
registerDefaultExecutor(() => new SequentialExecutor());
