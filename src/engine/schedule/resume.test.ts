import { describe, expect, it, vi } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import type { RunResult, TaskRunState } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';

function pipeline(
  id: string,
  impl: { a: () => unknown; b: (i: Record<string, unknown>) => unknown },
) {
  const wf = new Workflow('pipe', { id });
  wf.addTask(impl.a, { name: 'a' });
  wf.addTask(impl.b, { name: 'b', dependsOn: ['a'] });
  wf.addTask(() => 'c', { name: 'c' });
  return wf;
}

describe('resume from a StateStore (contract §5)', () => {
  it('restores completed tasks (never re-run, results reach inputs) and re-runs the rest', async () => {
    const store = new MemoryStateStore();
    const a = vi.fn(() => 41);
    let fixed = false;
    const wf = pipeline('wf', {
      a,
      b: (i) => {
        if (!fixed) throw new Error('not yet');
        return (i.a as number) + 1;
      },
    });
    await wf.execute(new SequentialExecutor({ store }), { runId: 'run-1' }).catch(() => undefined);
    expect(a).toHaveBeenCalledTimes(1);
    fixed = true;
    const result = await wf.execute(new SequentialExecutor({ store }), { runId: 'run-1' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(result.restored).toEqual(['a', 'c']);
    expect(result.tasks.a).toMatchObject({ status: 'completed', result: 41, restored: true });
    expect(wf.getTaskResult('b')).toBe(42);
    expect(wf.getTask('b')!.attempts).toBe(1);
  });

  it('counts a task stored as running as an interrupted attempt and runs it again', async () => {
    const store = new MemoryStateStore();
    const running: TaskRunState = {
      name: 'a',
      status: 'running',
      attempts: 1,
      attemptHistory: [{ attempt: 1, startedAt: 5, outcome: 'running' }],
      startedAt: 5,
    };
    store.saveRun({ workflowId: 'wf', runId: 'r', status: 'running', startedAt: 5, updatedAt: 5 });
    store.recordTask('wf', 'r', running);
    const attempts: number[] = [];
    const wf = pipeline('wf', { a: () => 1, b: () => 2 });
    const seen = vi.fn((_i: Record<string, unknown>, ctx: { attempt: number }) =>
      attempts.push(ctx.attempt),
    );
    wf.removeTask('a');
    wf.addTask(seen, { name: 'a' });
    wf.addDependency('a', 'b');
    await wf.execute(new SequentialExecutor({ store }), { runId: 'r' });
    expect(attempts).toEqual([2]);
    expect(wf.getTask('a')!.attemptHistory.map((h) => h.outcome)).toEqual([
      'interrupted',
      'completed',
    ]);
  });

  it('ends the interrupted attempt when the resume found it, and keeps the run and task first start', async () => {
    const store = new MemoryStateStore();
    store.saveRun({ workflowId: 'wf', runId: 'r', status: 'running', startedAt: 5, updatedAt: 5 });
    store.recordTask('wf', 'r', {
      name: 'a',
      status: 'running',
      attempts: 1,
      attemptHistory: [{ attempt: 1, startedAt: 7, outcome: 'running' }],
      startedAt: 7,
    });
    const wf = pipeline('wf', { a: () => 1, b: () => 2 });
    const before = Date.now();
    const result = await wf.execute(new SequentialExecutor({ store }), { runId: 'r' });
    const [interrupted, second] = result.tasks.a!.attemptHistory;
    expect(interrupted).toMatchObject({ attempt: 1, outcome: 'interrupted', startedAt: 7 });
    expect(interrupted!.finishedAt).toBeGreaterThanOrEqual(before);
    expect(interrupted!.finishedAt).toBeLessThanOrEqual(second!.startedAt);
    expect(result.tasks.a).toMatchObject({ startedAt: 7, attempts: 2 });
    expect(result.tasks.a!.durationMs).toBe(result.tasks.a!.finishedAt! - 7);
    expect(result.startedAt).toBe(5);
    expect(result.durationMs).toBe(result.finishedAt - 5);
    expect((await store.loadRun('wf', 'r'))!.run.startedAt).toBe(5);
  });

  it('starts the clock afresh when the stored run had ended (Retry failed)', async () => {
    const store = new MemoryStateStore();
    store.saveRun({
      workflowId: 'wf',
      runId: 'r',
      status: 'failed',
      startedAt: 5,
      finishedAt: 9,
      updatedAt: 9,
    });
    const before = Date.now();
    const result = await pipeline('wf', { a: () => 1, b: () => 2 }).execute(undefined, {
      store,
      runId: 'r',
    });
    expect(result.startedAt).toBeGreaterThanOrEqual(before);
  });

  it.each(['failed', 'skipped', 'cancelled', 'pending'] as const)(
    'starts a %s task afresh',
    async (status) => {
      const store = new MemoryStateStore();
      store.saveRun({ workflowId: 'wf', runId: 'r', status: 'failed', startedAt: 1, updatedAt: 1 });
      store.recordTask('wf', 'r', { name: 'a', status, attempts: 3, attemptHistory: [] });
      const a = vi.fn(() => 1);
      const wf = pipeline('wf', { a, b: () => 2 });
      await wf.execute(undefined, { store, runId: 'r' });
      expect(a).toHaveBeenCalledTimes(1);
      expect(wf.getTask('a')!.attempts).toBe(1);
    },
  );

  it('keeps two workflows apart under the same run id', async () => {
    const store = new MemoryStateStore();
    const one = pipeline('one', { a: () => 'one', b: () => 1 });
    await one.execute(undefined, { store, runId: 'same' });
    const a = vi.fn(() => 'two');
    const two = pipeline('two', { a, b: (i) => i.a });
    const result = await two.execute(undefined, { store, runId: 'same' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(result.restored).toEqual([]);
    expect(two.getTaskResult('b')).toBe('two');
  });

  it('gives a run without a runId a fresh id, and never resumes it', async () => {
    const store = new MemoryStateStore();
    const wf = pipeline('wf', { a: () => 1, b: () => 2 });
    const r1 = await wf.execute(undefined, { store });
    const r2 = await wf.execute(undefined, { store });
    expect(r1.runId).not.toBe(r2.runId);
    expect(r2.restored).toEqual([]);
    expect((await store.listRuns('wf')).map((r) => r.runId).sort()).toEqual(
      [r1.runId, r2.runId].sort(),
    );
  });

  it('records every transition and flushes before execute settles', async () => {
    const order: string[] = [];
    const store = new MemoryStateStore();
    const recordTask = store.recordTask.bind(store);
    store.recordTask = (w, r, s) => {
      order.push(`${s.name}:${s.status}`);
      recordTask(w, r, s);
    };
    store.flush = async () => {
      await Promise.resolve();
      order.push('flush');
    };
    const wf = pipeline('wf', { a: () => 1, b: () => 2 });
    const result: RunResult = await wf.execute(undefined, { store, runId: 'x' });
    order.push('settled');
    expect(order).toEqual([
      'a:running',
      'a:completed',
      'c:running',
      'c:completed',
      'b:running',
      'b:completed',
      'flush',
      'settled',
    ]);
    const stored = await store.loadRun('wf', 'x');
    expect(stored?.run).toMatchObject({
      status: 'completed',
      finishedAt: result.finishedAt,
      executor: { kind: 'sequential' },
    });
    expect(stored?.run.document?.tasks.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(stored?.tasks.b).toMatchObject({ status: 'completed', result: 2 });
  });

  it('records the run a retry retries on its run record, from the start to the end', async () => {
    const store = new MemoryStateStore();
    const retryOf = { parentRunId: 'first', rootRunId: 'first', attempt: 2 };
    const seen: unknown[] = [];
    const wf = pipeline('wf', {
      a: () => 1,
      b: () => {
        seen.push(store.loadRun('wf', 'second').then((r) => r?.run.retryOf));
        return 2;
      },
    });
    await wf.execute(new SequentialExecutor({ store }), { runId: 'second', retryOf });
    expect(await Promise.all(seen)).toEqual([retryOf]);
    expect((await store.loadRun('wf', 'second'))?.run).toMatchObject({
      status: 'completed',
      retryOf,
    });
    await wf.execute(new SequentialExecutor({ store }), { runId: 'other' });
    expect((await store.loadRun('wf', 'other'))?.run.retryOf).toBeUndefined();
  });
});
