// Workers started ahead of need (ThreadedRunner.warm, as the app's run worker and the CLI do): the
// run uses them, and a start that fails before any attempt asked for it does not decide the run.
import { describe, expect, it } from 'vitest';
import { WorkflowExecutionError } from '../model/errors.ts';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import { executeWithRunner } from './runWithRunner.ts';
import { ThreadedRunner } from './ThreadedRunner.ts';
import type { LinkEvents, SpawnWorker, WorkerLink } from './workerLink.ts';

/** A spawn that records each start, fails those `failing` says to, and answers attempts with 1. */
function recordingSpawn(steps: string[], failing: (n: number) => Error | undefined): SpawnWorker {
  let n = 0;
  return (events: LinkEvents) => {
    const worker = ++n;
    steps.push(`spawn ${worker}`);
    const error = failing(worker);
    if (error) return Promise.reject(error);
    const link: WorkerLink = {
      run: (batch) => {
        steps.push(`run on ${worker}`);
        queueMicrotask(() =>
          events.onReport({
            logs: [],
            outcomes: batch.map(({ id }) => ({
              type: 'ok' as const,
              id,
              value: 1,
              startedAt: 0,
              finishedAt: 0,
              durationMs: 0,
            })),
          }),
        );
        return Promise.resolve();
      },
      abort: () => undefined,
      terminate: () => undefined,
      setBusy: () => undefined,
    };
    return Promise.resolve(link);
  };
}

/** A one-task run on `runner`: the task's result, or the run's error. */
async function attempt(runner: ThreadedRunner): Promise<unknown> {
  const workflow = new Workflow('warm');
  workflow.addTask(new Task('t', 'return 1;'));
  try {
    return (await executeWithRunner(workflow, runner, {})).tasks.t?.result;
  } catch (error) {
    throw error instanceof WorkflowExecutionError ? error.result.tasks.t?.error : error;
  }
}

/** The app's run worker's runner: task code never falls back to this thread. */
const sandboxed = (spawn: SpawnWorker) =>
  new ThreadedRunner({ maxWorkers: 1, spawn, inThreadFallback: false });

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('workers started ahead of the run', () => {
  it('are started before the run asks, and the run uses them', async () => {
    const steps: string[] = [];
    const runner = sandboxed(recordingSpawn(steps, () => undefined));
    runner.warm();
    await settle();
    steps.push('run asked');
    await expect(attempt(runner)).resolves.toBe(1);
    expect(steps).toEqual(['spawn 1', 'run asked', 'run on 1']);
  });

  it('a start that failed ahead of the run does not fail the run: it starts a worker of its own', async () => {
    const steps: string[] = [];
    const slow = new Error('the task sandbox did not start a worker in time');
    const runner = sandboxed(recordingSpawn(steps, (n) => (n === 1 ? slow : undefined)));
    runner.warm();
    await settle();
    await expect(attempt(runner)).resolves.toBe(1);
    expect(steps).toEqual(['spawn 1', 'spawn 2', 'run on 2']);
  });

  it('when no worker can start, the run fails with the same error as without warming', async () => {
    const error = () => new Error('the task worker stopped: it could not load');
    const cold = sandboxed(recordingSpawn([], error));
    const coldError: unknown = await attempt(cold).catch((e: unknown) => e);
    const warmed = sandboxed(recordingSpawn([], error));
    warmed.warm();
    await settle();
    const warmError: unknown = await attempt(warmed).catch((e: unknown) => e);
    expect(warmError).toEqual(coldError);
    expect((warmError as { message: string }).message).toContain(
      'the task worker stopped: it could not load',
    );
  });
});
