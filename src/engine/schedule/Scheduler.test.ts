import { describe, expect, it, vi } from 'vitest';
import { AsyncExecutor } from '../execute/AsyncExecutor.ts';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import {
  RunCancelledError,
  TaskExecutionError,
  TaskTimeoutError,
  WorkflowExecutionError,
} from '../model/errors.ts';
import { Task } from '../model/Task.ts';
import { task } from '../model/taskDecorator.ts';
import type { RunEvent, RunResult, TaskFunction } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { statusLog } from './testHelpers.ts';

const executors = [
  ['SequentialExecutor', () => new SequentialExecutor()],
  ['AsyncExecutor', () => new AsyncExecutor({ maxConcurrent: 4 })],
] as const;

function chain(n: number): Workflow {
  const wf = new Workflow(`chain${n}`);
  wf.addTask((() => 0) as TaskFunction, { name: 't0' });
  for (let i = 1; i < n; i++) {
    wf.addTask((inputs) => (inputs[`t${i - 1}`] as number) + 1, {
      name: `t${i}`,
      dependsOn: [`t${i - 1}`],
    });
  }
  return wf;
}

describe.each(executors)('%s — seed scenarios', (_name, make) => {
  it('runs a → b → c passing results downstream', async () => {
    const wf = new Workflow('abc');
    wf.addTask(task(() => 1, { name: 'a' }));
    wf.addTask(
      task((i) => (i.a as number) * 10, { name: 'b' }),
      { dependsOn: ['a'] },
    );
    wf.addTask(
      task((i) => `${String(i.b)}!`, { name: 'c' }),
      { dependsOn: ['b'] },
    );
    const result = await wf.execute(make());
    expect(result.status).toBe('completed');
    expect(wf.getTaskResult('c')).toBe('10!');
    expect(result.tasks.c?.result).toBe('10!');
    expect(wf.status).toBe('completed');
  });

  it('runs the diamond (4 layers) to completion', async () => {
    const wf = new Workflow('diamond');
    const add = (name: string, deps: string[]) =>
      wf.addTask((inputs) => [name, ...Object.keys(inputs).sort()].join(''), {
        name,
        dependsOn: deps,
      });
    add('a', []);
    add('b', ['a']);
    add('c', ['a']);
    add('d', ['b', 'c']);
    add('e', ['c']);
    add('f', ['d', 'e']);
    expect(wf.getExecutionPlan()).toHaveLength(4);
    const result = await make().execute(wf);
    expect(Object.values(result.tasks).every((t) => t.status === 'completed')).toBe(true);
    expect(wf.getTaskResult('d')).toBe('dbc');
    expect(wf.getTaskResult('f')).toBe('fde');
  });

  it('runs 50 independent tasks', async () => {
    const wf = new Workflow('fifty');
    for (let i = 0; i < 50; i++) wf.addTask(async () => i * 2, { name: `t${i}` });
    const result = await wf.execute(make());
    expect(result.stats.completed).toBe(50);
    expect(wf.getTaskResult('t49')).toBe(98);
  });

  it('runs a 100-task chain', async () => {
    const wf = chain(100);
    await wf.execute(make());
    expect(wf.getTaskResult('t99')).toBe(99);
  });

  it('retries then succeeds: 2 onRetry calls, result 100', async () => {
    let calls = 0;
    const onRetry = vi.fn();
    const wf = new Workflow('retry');
    wf.addTask(
      () => {
        calls++;
        if (calls < 3) throw new Error(`flaky ${calls}`);
        return 100;
      },
      { name: 'flaky', retries: 3, onRetry },
    );
    const result = await wf.execute(make());
    expect(wf.getTaskResult('flaky')).toBe(100);
    expect(onRetry.mock.calls.map((c) => [c[0], c[1], (c[2] as Error).message])).toEqual([
      ['flaky', 1, 'flaky 1'],
      ['flaky', 2, 'flaky 2'],
    ]);
    expect(result.tasks.flaky?.attempts).toBe(3);
    expect(result.tasks.flaky?.attemptHistory.map((a) => a.outcome)).toEqual([
      'failed',
      'failed',
      'completed',
    ]);
  });

  it('calls onStatusChange in order: running → completed', async () => {
    const seen: string[] = [];
    const wf = new Workflow('cb');
    wf.addTask(() => 1, {
      name: 'a',
      onStatusChange: (name, status) => seen.push(`${name}:${status}`),
    });
    await wf.execute(make());
    expect(seen).toEqual(['a:running', 'a:completed']);
  });

  it('fails a task, skips its dependent (upstream_failed) and keeps the original message', async () => {
    const wf = new Workflow('fail');
    wf.addTask(
      () => {
        throw new Error('disk on fire');
      },
      { name: 'bad' },
    );
    wf.addTask(() => 1, { name: 'after', dependsOn: ['bad'] });
    wf.addTask(() => 2, { name: 'independent' });
    wf.addTask((i) => (i.independent as number) + 1, {
      name: 'independent2',
      dependsOn: ['independent'],
    });
    const error = await wf.execute(make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    const wfError = error as WorkflowExecutionError<RunResult>;
    expect(wfError.failedTasks).toEqual(['bad']);
    expect(wfError.message).toContain('bad');
    expect(wfError.message).toContain('disk on fire');
    expect(wfError.result.status).toBe('failed');
    const bad = wf.getTask('bad')!;
    expect(bad.status).toBe('failed');
    expect(bad.error).toBeInstanceOf(TaskExecutionError);
    expect(bad.error!.message).toContain('disk on fire');
    expect((bad.error!.cause as Error).message).toBe('disk on fire');
    expect(wf.getTask('after')).toMatchObject({ status: 'skipped', skipReason: 'upstream_failed' });
    expect(wf.getTaskResult('independent2')).toBe(3);
    expect(wf.status).toBe('failed');
  });

  it('reports stats after a run', async () => {
    const wf = new Workflow('stats');
    wf.addTask(() => 1, { name: 'ok' });
    wf.addTask(() => Promise.reject(new Error('no')), { name: 'bad' });
    wf.addTask(() => 1, { name: 'skipped', dependsOn: ['bad'] });
    await wf.execute(make()).catch(() => undefined);
    expect(wf.getWorkflowStats()).toMatchObject({
      totalTasks: 3,
      completed: 1,
      failed: 1,
      skipped: 1,
      pending: 0,
      running: 0,
      cancelled: 0,
    });
    expect(wf.getWorkflowStats().totalTimeMs).toBeGreaterThanOrEqual(0);
  });
});

describe('scheduling semantics', () => {
  it('propagates skips transitively through a long chain without recursion', async () => {
    const wf = chain(5000);
    wf.addTask(
      () => {
        throw new Error('x');
      },
      { name: 'root' },
    );
    wf.addDependency('root', 't0');
    const error = (await wf.execute().catch((e: unknown) => e)) as WorkflowExecutionError;
    expect(error.failedTasks).toEqual(['root']);
    expect(wf.getTask('t4999')).toMatchObject({ status: 'skipped', skipReason: 'upstream_failed' });
  });

  it('passes only direct upstream results as inputs, and ctx fields', async () => {
    const seen: unknown[] = [];
    const wf = new Workflow('ctx', { id: 'wf-ctx' });
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 2, { name: 'b', dependsOn: ['a'] });
    wf.addTask(
      (inputs, ctx) => {
        seen.push({ ...inputs }, ctx.attempt, ctx.runId, ctx.taskName, ctx.signal.aborted);
      },
      { name: 'c', dependsOn: ['b'] },
    );
    await wf.execute(undefined, { runId: 'r1' });
    expect(seen).toEqual([{ b: 2 }, 1, 'r1', 'c', false]);
  });

  it('runs code tasks with upstream results in scope and console captured', async () => {
    const wf = new Workflow('code');
    wf.addTask(new Task('first', 'return 20;'));
    wf.addTask(new Task('my name', 'return 1;'));
    wf.addTask(
      new Task(
        'sum',
        'console.warn("adding", first); log("via log"); return first + inputs["my name"] + 1;',
      ),
      {
        dependsOn: ['first', 'my name'],
      },
    );
    await wf.execute();
    expect(wf.getTaskResult('sum')).toBe(22);
    expect(wf.getTask('sum')!.logs.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'adding 20'],
      ['log', 'via log'],
    ]);
  });

  it('collects ctx.log lines as logs and task-log events', async () => {
    const events: RunEvent[] = [];
    const wf = new Workflow('logs');
    wf.addTask((_i, ctx) => ctx.log('hello', { n: 1 }), { name: 'a' });
    await wf.execute(undefined, { onEvent: (e) => events.push(e) });
    expect(wf.getTask('a')!.logs[0]).toMatchObject({ level: 'log', message: 'hello {"n":1}' });
    expect(events.filter((e) => e.type === 'task-log')).toHaveLength(1);
  });

  it('emits typed events in order', async () => {
    const events: RunEvent[] = [];
    let calls = 0;
    const wf = new Workflow('events');
    wf.addTask(
      () => {
        if (++calls === 1) throw new Error('once');
        return 'ok';
      },
      { name: 'a', retries: 1 },
    );
    wf.addTask(() => 2, { name: 'b', dependsOn: ['a'] });
    await wf.execute(undefined, { onEvent: (e) => events.push(e), runId: 'ev' });
    expect(events.map((e) => e.type)).toEqual([
      'run-started',
      'task-status',
      'task-status',
      'task-retry',
      'task-status',
      'task-status',
      'task-status',
      'task-status',
      'run-finished',
    ]);
    expect(statusLog(events)).toEqual([
      'a:running',
      'a:retrying',
      'a:running',
      'a:completed',
      'b:running',
      'b:completed',
    ]);
    const retry = events.find((e) => e.type === 'task-retry');
    expect(retry).toMatchObject({ task: 'a', attempt: 1, delayMs: 0, error: { message: 'once' } });
    const last = events.at(-1);
    expect(last?.type === 'run-finished' && last.result.status).toBe('completed');
  });

  it('refuses to run the same workflow twice at once', async () => {
    const wf = new Workflow('twice');
    wf.addTask(async () => 1, { name: 'a' });
    const first = wf.execute();
    await expect(wf.execute()).rejects.toMatchObject({ code: 'E_ALREADY_RUNNING' });
    await first;
  });

  it('fails a task whose result the store cannot hold, at completion', async () => {
    const { MemoryStateStore } = await import('../storage/MemoryStateStore.ts');
    const wf = new Workflow('storable');
    wf.addTask(() => () => 'a function', { name: 'fn' });
    const error = (await wf
      .execute(undefined, { store: new MemoryStateStore() })
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    expect(wf.getTask('fn')!.error?.code).toBe('E_NOT_STORABLE');
    expect(wf.getTask('fn')!.error?.message).toMatch(/cannot be stored/);
  });

  it('treats a synchronous throw and a rejection alike', async () => {
    const wf = new Workflow('throws');
    wf.addTask(
      () => {
        throw new TypeError('sync');
      },
      { name: 'a' },
    );
    wf.addTask(
      async () => {
        throw new TypeError('async');
      },
      { name: 'b' },
    );
    await wf.execute(new AsyncExecutor()).catch(() => undefined);
    expect((wf.getTask('a')!.error!.cause as Error).message).toBe('sync');
    expect((wf.getTask('b')!.error!.cause as Error).message).toBe('async');
  });
});

describe('timeouts, cancel and failFast (virtual time)', () => {
  it('fails an attempt at its deadline with TaskTimeoutError and fires ctx.signal', async () => {
    vi.useFakeTimers();
    try {
      let reason: unknown;
      const wf = new Workflow('timeout');
      wf.addTask(
        (_i, ctx) =>
          new Promise(() =>
            ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason)),
          ),
        {
          name: 'slow',
          timeoutMs: 50,
        },
      );
      const run = wf.execute().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(50);
      const error = (await run) as WorkflowExecutionError;
      expect(error).toBeInstanceOf(WorkflowExecutionError);
      const taskError = wf.getTask('slow')!.error;
      expect(taskError).toBeInstanceOf(TaskTimeoutError);
      expect((taskError as TaskTimeoutError).timeoutMs).toBe(50);
      expect(reason).toBe(taskError);
      expect(wf.getTask('slow')!.attemptHistory[0]!.outcome).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries a timed-out attempt (a timeout is a failure)', async () => {
    vi.useFakeTimers();
    try {
      let n = 0;
      const wf = new Workflow('timeout-retry');
      wf.addTask(() => (++n === 1 ? new Promise(() => undefined) : 'second'), {
        name: 't',
        timeoutMs: 10,
        retries: 1,
      });
      const run = wf.execute();
      await vi.advanceTimersByTimeAsync(10);
      await run;
      expect(wf.getTaskResult('t')).toBe('second');
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits the retry delay on virtual time', async () => {
    vi.useFakeTimers();
    try {
      let n = 0;
      const wf = new Workflow('delay');
      wf.addTask(
        () => {
          if (++n < 3) throw new Error('again');
          return n;
        },
        { name: 't', retries: 2, retryDelayMs: 100, backoff: 'exponential' },
      );
      const run = wf.execute();
      await vi.advanceTimersByTimeAsync(99);
      expect(n).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(n).toBe(2);
      await vi.advanceTimersByTimeAsync(199);
      expect(n).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      await run;
      expect(wf.getTaskResult('t')).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels on signal abort: running tasks cancelled, completed kept, rejects with RunCancelledError', async () => {
    const controller = new AbortController();
    let signalFired = false;
    const wf = new Workflow('cancel');
    wf.addTask(() => 'done', { name: 'fast' });
    wf.addTask(
      (_i, ctx) => {
        ctx.signal.addEventListener('abort', () => (signalFired = true));
        queueMicrotask(() => controller.abort());
        return new Promise(() => undefined);
      },
      { name: 'hang', dependsOn: ['fast'] },
    );
    wf.addTask(() => 1, { name: 'never', dependsOn: ['hang'] });
    const error = (await wf
      .execute(undefined, { signal: controller.signal })
      .catch((e: unknown) => e)) as RunCancelledError<RunResult>;
    expect(error).toBeInstanceOf(RunCancelledError);
    expect(signalFired).toBe(true);
    expect(error.result.status).toBe('cancelled');
    expect(error.result.tasks.fast?.status).toBe('completed');
    expect(error.result.tasks.hang?.status).toBe('cancelled');
    expect(error.result.tasks.never?.status).toBe('pending');
    expect(wf.status).toBe('cancelled');
  });

  it('rejects at once for an already-aborted signal', async () => {
    const wf = new Workflow('pre');
    const fn = vi.fn();
    wf.addTask(fn, { name: 'a' });
    await expect(wf.execute(undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      RunCancelledError,
    );
    expect(fn).not.toHaveBeenCalled();
  });

  it('failFast stops new starts and cancels running tasks', async () => {
    const wf = new Workflow('ff');
    wf.addTask(() => new Promise(() => undefined), { name: 'hang' });
    wf.addTask(() => Promise.reject(new Error('boom')), { name: 'bad' });
    const later = vi.fn();
    wf.addTask(later, { name: 'later', dependsOn: ['hang'], triggerRule: 'all_done' });
    const error = (await wf
      .execute(new AsyncExecutor(), { failFast: true })
      .catch((e: unknown) => e)) as WorkflowExecutionError;
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    expect(error.failedTasks).toEqual(['bad']);
    expect(wf.getTask('hang')!.status).toBe('cancelled');
    expect(later).not.toHaveBeenCalled();
  });
});
