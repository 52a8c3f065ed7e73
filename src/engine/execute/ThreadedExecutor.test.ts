// The real pool over worker_threads. Orderings come from timestamps the tasks report and from
// SharedArrayBuffer barriers, never from wall-clock thresholds.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import {
  RunCancelledError,
  TaskTimeoutError,
  WorkflowExecutionError,
  WorkflowValidationError,
} from '../model/errors.ts';
import type { RunEvent } from '../model/types.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';
import { ThreadedRunner } from './ThreadedRunner.ts';

const executor = new ThreadedExecutor({ maxWorkers: 2, cancelGraceMs: 100 });
afterAll(() => executor.dispose());

/** A shared Int32Array made in a worker: every task depending on `shared` sees the same memory. */
const SHARED = 'return new Int32Array(new SharedArrayBuffer(16));';

function workflow(tasks: [string, string, string[]?, number?][]): Workflow {
  const wf = new Workflow(`wf-${Math.random()}`);
  for (const [name, code, deps, timeoutMs] of tasks) {
    wf.addTask(new Task(name, code, timeoutMs === undefined ? {} : { timeoutMs }), {
      dependsOn: deps ?? [],
    });
  }
  return wf;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the run to fail'),
    (error: unknown) => error,
  );
}

/**
 * Runs `wf` on `executor`, cancels it when a task first logs (its code is running), expects the
 * run cancelled, then a next run on the same executor to work. `onEvent` sees every event too.
 */
async function cancelAtFirstLog(
  executor: ThreadedExecutor,
  wf: Workflow,
  onEvent: (event: RunEvent) => void = () => {},
): Promise<void> {
  const controller = new AbortController();
  const run = executor.execute(wf, {
    signal: controller.signal,
    onEvent: (e) => {
      onEvent(e);
      if (e.type === 'task-log') controller.abort();
    },
  });
  expect(await failure(run)).toBeInstanceOf(RunCancelledError);
  const again = workflow([['after', 'return 2;']]);
  await executor.execute(again);
  expect(again.getTaskResult('after')).toBe(2);
}

describe('ThreadedExecutor (worker_threads)', { timeout: 60_000 }, () => {
  it('workerConcurrency runs that many awaiting tasks side by side in one worker', async () => {
    const side = new ThreadedExecutor({ maxWorkers: 1, workerConcurrency: 3 });
    try {
      // Each waits (bounded) until all three have started: only possible if they overlap.
      const code =
        'globalThis.__n = (globalThis.__n ?? 0) + 1; const t0 = Date.now();' +
        'while (globalThis.__n < 3 && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 1));' +
        'return globalThis.__n;';
      const wf = workflow([
        ['a', code],
        ['b', code],
        ['c', code],
      ]);
      await side.execute(wf);
      expect(['a', 'b', 'c'].map((name) => wf.getTaskResult(name))).toEqual([3, 3, 3]);
      expect(side.runner.poolSize).toBe(1);
    } finally {
      await side.dispose();
    }
  });

  it('warm() starts the workers before the first run, and the run uses them', async () => {
    const warm = new ThreadedExecutor({ maxWorkers: 2 });
    try {
      expect(warm.runner.poolSize).toBe(0);
      warm.warm();
      expect(warm.runner.poolSize).toBe(2);
      warm.warm(); // already warm: nothing more starts
      expect(warm.runner.poolSize).toBe(2);
      const wf = workflow([
        ['a', 'return 1;'],
        ['b', 'return 2;'],
      ]);
      await warm.execute(wf);
      expect([wf.getTaskResult('a'), wf.getTaskResult('b')]).toEqual([1, 2]);
      expect(warm.runner.poolSize).toBe(2);
    } finally {
      await warm.dispose();
    }
  });

  it('runs independent tasks at the same time on different workers', async () => {
    // Each task counts itself in and waits (bounded) for the other: only overlap lets both see 2.
    const meet =
      'const t0 = Date.now(); Atomics.add(shared, 0, 1); Atomics.notify(shared, 0);' +
      'while (Atomics.load(shared, 0) < 2) { if (Atomics.wait(shared, 0, 1, 20000) === "timed-out") break; }' +
      'return { start: t0, end: Date.now(), seen: Atomics.load(shared, 0) };';
    const wf = workflow([
      ['shared', SHARED],
      ['left', meet, ['shared']],
      ['right', meet, ['shared']],
    ]);
    await executor.execute(wf);
    const left = wf.getTaskResult('left') as { start: number; end: number; seen: number };
    const right = wf.getTaskResult('right') as { start: number; end: number; seen: number };
    expect([left.seen, right.seen]).toEqual([2, 2]);
    expect(left.start).toBeLessThanOrEqual(right.end);
    expect(right.start).toBeLessThanOrEqual(left.end);
  });

  it('passes upstream results in (fan-out / fan-in) and runs portable functions', async () => {
    const wf = new Workflow('xcom');
    wf.addTask(new Task('a', 'return 2;'));
    wf.addTask(new Task('b', 'return a * 10;'), { dependsOn: ['a'] });
    wf.addTask(new Task('c', 'return inputs.a + 1;'), { dependsOn: ['a'] });
    wf.addTask(
      function d(inputs: Record<string, unknown>) {
        return Number(inputs.b) + Number(inputs.c);
      },
      { dependsOn: ['b', 'c'] },
    );
    await executor.execute(wf);
    expect(wf.getTaskResult('d')).toBe(23);
  });

  it('streams console.* and ctx.log lines with timestamps', async () => {
    const wf = workflow([
      [
        'talk',
        'console.log("one", 1); log("two"); console.error(new Error("three").message); return 0;',
      ],
    ]);
    const events: RunEvent[] = [];
    await executor.execute(wf, { onEvent: (e) => events.push(e) });
    const lines = events.flatMap((e) => (e.type === 'task-log' ? [e.line] : []));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['log', 'one 1'],
      ['log', 'two'],
      ['error', 'three'],
    ]);
    for (const line of lines) expect(line.ts).toBeTypeOf('number');
    const completedAt = events.findIndex(
      (e) => e.type === 'task-status' && e.status === 'completed',
    );
    expect(events.findLastIndex((e) => e.type === 'task-log')).toBeLessThan(completedAt);
  });

  it('terminates a worker stuck in while(true) at the timeout, replaces it, and stays usable', async () => {
    const runner = executor.runner;
    const wf = workflow([
      ['spin', 'while (true) {}', [], 300],
      ['fine', 'return "ok";'],
    ]);
    const error = await failure(executor.execute(wf));
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    expect(wf.getTask('spin')?.error).toBeInstanceOf(TaskTimeoutError);
    expect(wf.getTaskResult('fine')).toBe('ok');
    expect(runner.poolSize).toBe(2);
    const again = workflow([['after', 'return 1;']]);
    await executor.execute(again);
    expect(again.getTaskResult('after')).toBe(1);
  });

  it('fails only the task whose worker crashed, and heals the pool (one attempt per worker)', async () => {
    // Side by side (the default), attempts that started beside a crashing one fail with it.
    const isolated = new ThreadedExecutor({ maxWorkers: 2, workerConcurrency: 1 });
    const wf = workflow([
      [
        'thrower',
        'setTimeout(() => { throw new Error("boom at top level"); }); await new Promise(() => {});',
      ],
      ['exiter', 'globalThis.process.exit(7);'],
      ['bystander', 'return "fine";'],
    ]);
    await failure(isolated.execute(wf));
    expect(wf.getTask('thrower')?.error?.message).toMatch(
      /Worker crashed while running task "thrower": boom at top level/,
    );
    expect(wf.getTask('exiter')?.error?.message).toMatch(
      /Worker crashed while running task "exiter".*code 7/,
    );
    expect(wf.getTaskResult('bystander')).toBe('fine');
    expect(isolated.runner.poolSize).toBe(2);
    await isolated.dispose();
  });

  it('cancels: ctx.signal fires inside the worker, the task stops on it, the pool is reused', async () => {
    // A grace period no machine outlasts: the worker hears the abort however long it waits for
    // the CPU (with the suite's 100 ms it could be replaced before it ran the listener).
    const patient = new ThreadedExecutor({ maxWorkers: 1, cancelGraceMs: 60_000 });
    try {
      const wf = workflow([
        ['shared', SHARED],
        [
          'polite',
          'const stopped = new Promise((stop) => signal.addEventListener("abort", () => { Atomics.store(shared, 1, 1); Atomics.notify(shared, 1); stop(); })); log("started"); await stopped; return "stopped";',
          ['shared'],
        ],
      ]);
      let shared: Int32Array | undefined;
      await cancelAtFirstLog(patient, wf, (e) => {
        if (e.type === 'task-status' && e.task === 'shared' && e.status === 'completed')
          shared = e.state.result as Int32Array;
      });
      expect(wf.getTask('polite')?.status).toBe('cancelled');
      expect(Atomics.wait(shared!, 1, 0, 30_000)).not.toBe('timed-out');
    } finally {
      await patient.dispose();
    }
  });

  it('cancels: a task ignoring ctx.signal is terminated after the grace period, its worker replaced', async () => {
    // One worker: the next run can only run if the spinning one was ended and replaced.
    const single = new ThreadedExecutor({ maxWorkers: 1, cancelGraceMs: 100 });
    try {
      const wf = workflow([['stubborn', 'log("started"); while (true) {}']]);
      await cancelAtFirstLog(single, wf);
      expect(wf.getTask('stubborn')?.status).toBe('cancelled');
    } finally {
      await single.dispose();
    }
  });

  it('transfers ArrayBuffers out of the worker (the worker-side buffer is detached)', async () => {
    const single = new ThreadedExecutor({ maxWorkers: 1 });
    try {
      const wf = workflow([
        [
          'make',
          'const bytes = new Uint8Array([1, 2, 3, 4]); globalThis.kept = bytes.buffer; return bytes;',
        ],
        [
          'check',
          'return { keptAfterTransfer: globalThis.kept.byteLength, received: make.byteLength };',
          ['make'],
        ],
      ]);
      await single.execute(wf);
      expect(wf.getTaskResult('make')).toEqual(new Uint8Array([1, 2, 3, 4]));
      expect(wf.getTaskResult('check')).toEqual({ keptAfterTransfer: 0, received: 4 });
    } finally {
      await single.dispose();
    }
  });

  it('fails a result that cannot be cloned with a clear message', async () => {
    const wf = workflow([['bad', 'return { format: () => "x" };']]);
    await failure(executor.execute(wf));
    expect(wf.getTask('bad')?.error?.message).toMatch(
      /cannot be sent between threads: a function at result\.format/,
    );
  });

  it('rejects a closure with E_NOT_PORTABLE before anything runs', async () => {
    const factor = 3;
    const wf = new Workflow('closure');
    wf.addTask(new Task('fine', 'return 1;'));
    wf.addTask(
      function scaled(inputs: Record<string, unknown>) {
        return Number(inputs.fine) * factor;
      },
      { dependsOn: ['fine'] },
    );
    const events: RunEvent[] = [];
    const error = await failure(executor.execute(wf, { onEvent: (e) => events.push(e) }));
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect(error).toMatchObject({
      code: 'E_NOT_PORTABLE',
      issues: [{ code: 'E_NOT_PORTABLE', task: 'scaled' }],
    });
    expect((error as Error).message).toContain('"factor"');
    expect(events).toEqual([]);
  });

  it('falls back to the calling thread with a warning when workers cannot start', async () => {
    const onWarning = vi.fn();
    const runner = new ThreadedRunner({
      spawn: () => Promise.reject(new Error('blocked by policy')),
      onWarning,
    });
    const ctx = {
      signal: new AbortController().signal,
      attempt: 1,
      runId: 'r',
      taskName: 't',
      log: () => {},
      params: {},
      secrets: {},
      skip: () => {
        throw new Error('not skipped here');
      },
    };
    const run = (code: string) =>
      runner.run({
        task: { name: code, code, options: {}, dependsOn: [] },
        inputs: {},
        ctx,
        onLog: () => {},
      });
    await expect(Promise.all([run('return 1;'), run('return 2;')])).resolves.toEqual([1, 2]);
    await expect(run('return 3;')).resolves.toBe(3);
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect(onWarning.mock.calls[0]![0]).toContain('blocked by policy');
    expect(runner.inThread).toBe(true);
  });
});
