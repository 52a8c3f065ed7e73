// Test support: the three executors, for tests that check a behaviour under each of them.
import { afterAll } from 'vitest';
import type { RunResult, WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { AsyncExecutor } from './AsyncExecutor.ts';
import type { Executor } from './Executor.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

/**
 * `[name, make]` for Sequential, Async and Threaded (one worker, shared by the calling test file
 * and ended after it), for `describe.each`.
 */
export function everyExecutor(): [string, () => Executor][] {
  const threaded = new ThreadedExecutor({ maxWorkers: 1 });
  afterAll(() => threaded.dispose());
  return [
    ['sequential', () => new SequentialExecutor()],
    ['async', () => new AsyncExecutor({ maxConcurrent: 4 })],
    ['threaded', () => threaded],
  ];
}

/** A task entry of a test document. */
export type Spec = WorkflowDocument['tasks'][number];

export const task = (
  name: string,
  code: string,
  dependsOn: string[] = [],
  more: Partial<Spec> = {},
): Spec => ({ name, code, dependsOn, ...more });

/** Runs `wf` with a memory store; the result of a failed or cancelled run too. */
export async function runWorkflow(make: () => Executor, wf: Workflow): Promise<RunResult> {
  try {
    return await make().execute(wf, { store: new MemoryStateStore() });
  } catch (error) {
    const result = (error as { result?: RunResult }).result;
    if (!result) throw error;
    return result;
  }
}

/** Runs a workflow made of these document tasks (see {@link runWorkflow}). */
export function runTasks(make: () => Executor, tasks: Spec[], name = 'test'): Promise<RunResult> {
  const doc: WorkflowDocument = {
    format: 'flowweaver.workflow',
    version: 2,
    id: `wf-${Math.random()}`,
    name,
    tasks,
  };
  return runWorkflow(make, Workflow.fromDocument(doc));
}
