// Chains sent ahead: a worker runs a chain of tasks (each the only downstream of the one before)
// without waiting for the scheduler between them, and the run is the same as without chains.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult, WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import type { AttemptMessage } from '../worker/protocol.ts';
import { executeWithRunner } from './runWithRunner.ts';
import { task, type Spec } from './testExecutors.ts';
import { ThreadedRunner } from './ThreadedRunner.ts';
import { spawnWorker, type SpawnWorker } from './workerLink.ts';

/** A runner whose workers count the batches and attempts they are sent. */
function countingRunner(options: { workerConcurrency?: number } = {}) {
  const sent = { batches: 0, attempts: 0, chained: 0, heads: new Map<string, number>() };
  const spawn: SpawnWorker = async (events) => {
    const link = await spawnWorker(events, options.workerConcurrency ?? 1);
    return {
      ...link,
      run(batch: AttemptMessage[]) {
        sent.batches++;
        sent.attempts += batch.length;
        for (const message of batch) {
          sent.chained += message.then?.length ?? 0;
          if (message.then) sent.heads.set(message.task.name, message.then.length);
        }
        return link.run(batch);
      },
      abort: (ids, reason) => link.abort(ids, reason),
      terminate: () => link.terminate(),
    };
  };
  const runner = new ThreadedRunner({ maxWorkers: 1, spawn, ...options });
  afterAll(() => runner.dispose());
  return { runner, sent };
}

function doc(tasks: Spec[]): WorkflowDocument {
  return {
    format: 'flowweaver.workflow',
    version: 1,
    id: `chain-${Math.random()}`,
    name: 'chains',
    tasks,
  } as unknown as WorkflowDocument;
}

async function run(
  runner: ThreadedRunner,
  tasks: Spec[],
  logs?: Map<string, string[]>,
): Promise<RunResult> {
  const wf = Workflow.fromDocument(doc(tasks));
  try {
    return await executeWithRunner(wf, runner, {
      store: new MemoryStateStore(),
      onEvent: (event) => {
        if (event.type === 'task-log')
          logs?.set(event.task, [...(logs.get(event.task) ?? []), event.line.message]);
      },
    });
  } catch (error) {
    const result = (error as { result?: RunResult }).result;
    if (!result) throw error;
    return result;
  }
}

/** t0 → t1 → … → t(n-1), each adding one to the one before. */
function counting(n: number): Spec[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? task('t0', 'return 0;') : task(`t${i}`, `return t${i - 1} + 1;`, [`t${i - 1}`]),
  );
}

describe.each([1, 4])('a chain of tasks in one worker (%i attempts at once)', (perWorker) => {
  it('goes to the worker in one message and gives every task its result', async () => {
    const { runner, sent } = countingRunner({ workerConcurrency: perWorker });
    const result = await run(runner, counting(100));
    expect(result.status).toBe('completed');
    expect(result.tasks.t99!.result).toBe(99);
    expect(Object.values(result.tasks).every((t) => t.attempts === 1)).toBe(true);
    // Without chains every task is its own message: 100 batches.
    expect(sent.batches).toBe(1);
    expect(sent.chained).toBe(99);
  });

  it('stops where a task fails: the tasks after it never run, and a retry runs the rest', async () => {
    const { runner } = countingRunner({ workerConcurrency: perWorker });
    const tasks = counting(6);
    tasks[2] = task(
      't2',
      'if (ctx.attempt === 1) throw new Error("flaky"); return t1 + 1;',
      ['t1'],
      {
        retries: 1,
      },
    );
    tasks[4] = task('t4', 'console.log("t4 ran with", t3); return t3 + 1;', ['t3']);
    const logs = new Map<string, string[]>();
    const result = await run(runner, tasks, logs);
    expect(result.status).toBe('completed');
    expect(result.tasks.t2!.attempts).toBe(2);
    expect(result.tasks.t5!.result).toBe(5);
    for (const name of ['t3', 't4', 't5']) expect(result.tasks[name]!.attempts).toBe(1);
    expect(logs.get('t4')).toEqual(['t4 ran with 3']);
  });

  it('a failure without retries leaves the rest of the chain to its trigger rules', async () => {
    const { runner } = countingRunner({ workerConcurrency: perWorker });
    const tasks = counting(4);
    tasks[1] = task('t1', 'throw new Error("no");', ['t0']);
    const result = await run(runner, tasks);
    expect(result.status).toBe('failed');
    expect(result.tasks.t2!.status).toBe('skipped');
    expect(result.tasks.t2!.attempts).toBe(0);
    expect(result.tasks.t3!.attempts).toBe(0);
  });

  it('hands a value that is not small plain data to the scheduler, which sends the rest itself', async () => {
    const { runner, sent } = countingRunner({ workerConcurrency: perWorker });
    const tasks = counting(6);
    tasks[2] = task('t2', 'return new Map([["n", t1 + 1]]);', ['t1']);
    tasks[3] = task('t3', 'return t2.get("n") + 1;', ['t2']);
    const result = await run(runner, tasks);
    expect(result.status).toBe('completed');
    expect(result.tasks.t5!.result).toBe(5);
    expect(Object.values(result.tasks).every((t) => t.attempts === 1)).toBe(true);
    // t0 with t1, t2 (stop); then t3 with t4, t5.
    expect(sent.batches).toBe(2);
  });

  it('a follower may change its input without changing the result recorded before it', async () => {
    const { runner } = countingRunner({ workerConcurrency: perWorker });
    const result = await run(runner, [
      task('a', 'return { list: [1, 2] };'),
      task('b', 'a.list.push(3); return a.list.length;', ['a']),
    ]);
    expect(result.tasks.a!.result).toEqual({ list: [1, 2] });
    expect(result.tasks.b!.result).toBe(3);
  });

  it('cancel stops the chain: the running task is cancelled and the rest never start', async () => {
    const { runner } = countingRunner({ workerConcurrency: perWorker });
    const controller = new AbortController();
    const tasks = counting(5);
    tasks[2] = task(
      't2',
      'console.log("waiting"); await new Promise((r) => ctx.signal.addEventListener("abort", r)); throw ctx.signal.reason;',
      ['t1'],
    );
    const wf = Workflow.fromDocument(doc(tasks));
    const running = executeWithRunner(wf, runner, {
      store: new MemoryStateStore(),
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'task-log' && event.line.message === 'waiting') controller.abort();
      },
    }).catch((error: { result?: RunResult }) => error.result!);
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.tasks.t1!.status).toBe('completed');
    expect(result.tasks.t2!.status).toBe('cancelled');
    expect(result.tasks.t3!.attempts).toBe(0);
    expect(result.tasks.t4!.attempts).toBe(0);
  });

  it('a worker that dies in a follower fails that task alone; the scheduler sends the rest', async () => {
    const { runner } = countingRunner({ workerConcurrency: perWorker });
    const tasks = counting(5);
    tasks[2] = task('t2', 'process.exit(3);', ['t1']);
    const result = await run(runner, tasks);
    expect(result.tasks.t1!.status).toBe('completed');
    expect(result.tasks.t2!.status).toBe('failed');
    expect(result.tasks.t2!.error?.message).toMatch(/t2/);
    expect(result.tasks.t3!.attempts).toBe(0);
  });
});

describe('when chains are sent', () => {
  it('not while other tasks are ready: order stays the scheduler’s', async () => {
    const { runner, sent } = countingRunner();
    const result = await run(runner, [...counting(5), task('other', 'return "x";')]);
    expect(result.status).toBe('completed');
    expect(result.tasks.t4!.result).toBe(4);
    // t0 and `other` start together, so t0 gets no chain; a later task that runs alone takes the rest.
    expect(sent.heads.has('t0')).toBe(false);
    expect([...sent.heads.keys()].every((name) => ['t1', 't2', 't3'].includes(name))).toBe(true);
  });

  it('not along a task with a timeout, a branch, or a second upstream', async () => {
    const { runner, sent } = countingRunner();
    const result = await run(runner, [
      task('a', 'return 1;'),
      task('b', 'return a + 1;', ['a'], { timeoutMs: 10_000 }),
      task('c', 'return b + 1;', ['b']),
      task('d', 'return c + 1;', ['c']),
      task('e', 'return d + c;', ['d', 'c']),
    ]);
    expect(result.tasks.e!.result).toBe(7);
    // a: b has a timeout; b: its own; c: two downstream tasks; d: e has two upstreams.
    expect(sent.chained).toBe(0);
  });

  it('along a task whose rule runs it after its one upstream succeeded', async () => {
    const { runner, sent } = countingRunner();
    const result = await run(runner, [
      task('a', 'return 1;'),
      task('b', 'return a + 1;', ['a'], { triggerRule: 'none_failed' }),
      task('c', 'return b + 1;', ['b'], { triggerRule: 'one_failed' }),
    ]);
    expect(result.tasks.b!.result).toBe(2);
    expect(result.tasks.c!.status).toBe('skipped');
    expect(Object.fromEntries(sent.heads)).toEqual({ a: 1 });
  });
});
