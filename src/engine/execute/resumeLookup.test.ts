// The store read that looks for a run to resume: it overlaps the runner's preparation instead of
// following it, and a run id made for the run (`newRun`) skips it (the app's new runs: an
// IndexedDB read less before the first task starts).
import { describe, expect, it } from 'vitest';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import type { RunnableTask } from '../schedule/TaskRunner.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { InThreadRunner } from './InThreadRunner.ts';
import { executeWithRunner } from './runWithRunner.ts';

/** A memory store that counts its `loadRun` calls. */
class CountingStore extends MemoryStateStore {
  loads = 0;
  override loadRun(workflowId: string, runId: string) {
    this.loads++;
    return super.loadRun(workflowId, runId);
  }
}

/** An in-thread runner whose `prepare` waits until `release()`. */
class SlowPreparingRunner extends InThreadRunner {
  private opened!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  release(): void {
    this.opened();
  }
  override async prepare(tasks: readonly RunnableTask[]): Promise<void> {
    await this.gate;
    super.prepare(tasks);
  }
}

function workflowOf(): Workflow {
  const workflow = new Workflow('lookup');
  workflow.addTask(new Task('a', () => 1));
  workflow.addTask(new Task('b', (inputs) => (inputs.a as number) + 1), { dependsOn: ['a'] });
  return workflow;
}

describe('the resume lookup', () => {
  it('reads the store while the runner prepares, not after', async () => {
    const store = new CountingStore();
    const runner = new SlowPreparingRunner();
    const run = executeWithRunner(workflowOf(), runner, { store, runId: 'r1' });
    await Promise.resolve();
    expect(store.loads).toBe(1); // prepare has not finished yet
    runner.release();
    expect((await run).tasks.b?.result).toBe(2);
  });

  it('is skipped for a run id made for this run (newRun)', async () => {
    const store = new CountingStore();
    const result = await executeWithRunner(workflowOf(), new InThreadRunner(), {
      store,
      runId: 'fresh',
      newRun: true,
    });
    expect(store.loads).toBe(0);
    expect(result.tasks.b?.result).toBe(2);
    expect((await store.loadRun('lookup', 'fresh'))?.run.status).toBe('completed');
  });

  it('still resumes a stored run when newRun is left out', async () => {
    const store = new CountingStore();
    let runsOfA = 0;
    let failB = true;
    const workflow = new Workflow('lookup');
    workflow.addTask(new Task('a', () => ++runsOfA));
    const b = (inputs: Record<string, unknown>) => {
      if (failB) throw new Error('b fails the first time');
      return (inputs.a as number) + 1;
    };
    workflow.addTask(new Task('b', b), { dependsOn: ['a'] });
    const first = executeWithRunner(workflow, new InThreadRunner(), { store, runId: 'r2' });
    await expect(first).rejects.toMatchObject({ name: 'WorkflowExecutionError' });
    failB = false;
    const resumed = await executeWithRunner(workflow, new InThreadRunner(), { store, runId: 'r2' });
    expect(runsOfA).toBe(1); // restored from the store, not run again
    expect(resumed.tasks.b?.result).toBe(2);
  });

  it('leaves no unhandled rejection when a check refuses the run before the read is awaited', async () => {
    const store = new MemoryStateStore();
    store.loadRun = () => Promise.reject(new Error('store unavailable'));
    const workflow = new Workflow('bad');
    workflow.addTask(new Task('x', 'return (;'));
    await expect(
      executeWithRunner(workflow, new InThreadRunner(), { store, runId: 'r3' }),
    ).rejects.toMatchObject({ name: 'WorkflowValidationError' });
  });
});
