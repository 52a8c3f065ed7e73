// The same executor in Chromium's real Web Workers (module workers served by Vite).
import { afterAll, describe, expect, it } from 'vitest';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import { RunCancelledError, TaskTimeoutError, WorkflowExecutionError } from '../model/errors.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

const executor = new ThreadedExecutor({ maxWorkers: 2, cancelGraceMs: 100 });
afterAll(() => executor.dispose());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the run to fail'),
    (error: unknown) => error,
  );
}

describe('ThreadedExecutor (Web Workers)', { timeout: 30_000 }, () => {
  it('runs a fan-out / fan-in workflow in workers', async () => {
    const wf = new Workflow('fan');
    wf.addTask(new Task('source', 'return [1, 2, 3, 4];'));
    for (const i of [0, 1, 2, 3]) {
      wf.addTask(
        new Task(
          `part${i}`,
          `return { value: source[${i}] * 10, inWorker: typeof document === 'undefined' };`,
        ),
        {
          dependsOn: ['source'],
        },
      );
    }
    wf.addTask(
      new Task('sum', 'return Object.values(inputs).reduce((acc, p) => acc + p.value, 0);'),
      { dependsOn: ['part0', 'part1', 'part2', 'part3'] },
    );
    await executor.execute(wf);
    expect(wf.getTaskResult('sum')).toBe(100);
    expect(wf.getTaskResult('part2')).toEqual({ value: 30, inWorker: true });
    expect(executor.runner.inThread).toBe(false);
  });

  it('terminates an infinite loop at its timeout and keeps the pool usable', async () => {
    const wf = new Workflow('spin');
    wf.addTask(new Task('spin', 'while (true) {}', { timeoutMs: 300 }));
    expect(await failure(executor.execute(wf))).toBeInstanceOf(WorkflowExecutionError);
    expect(wf.getTask('spin')?.error).toBeInstanceOf(TaskTimeoutError);
    const again = new Workflow('after');
    again.addTask(new Task('after', 'return "ok";'));
    await executor.execute(again);
    expect(again.getTaskResult('after')).toBe('ok');
  });

  it('cancels a running task (terminating it after the grace period) and runs again afterwards', async () => {
    const wf = new Workflow('cancel');
    wf.addTask(new Task('stubborn', 'log("started"); while (true) {}'));
    const controller = new AbortController();
    const run = executor.execute(wf, {
      signal: controller.signal,
      onEvent: (e) => e.type === 'task-log' && controller.abort(),
    });
    expect(await failure(run)).toBeInstanceOf(RunCancelledError);
    expect(wf.getTask('stubborn')?.status).toBe('cancelled');
    const again = new Workflow('after-cancel');
    again.addTask(new Task('after', 'return 2;'));
    await executor.execute(again);
    expect(again.getTaskResult('after')).toBe(2);
  });
});
