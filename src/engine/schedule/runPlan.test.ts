import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import type { TaskContext } from '../model/types.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { TaskFlag } from './runPlan.ts';

/** a → b → late(always); c alone; d ← c. */
function graph(): Workflow {
  const wf = new Workflow('plan');
  wf.addTask(() => 1, { name: 'a' });
  wf.addTask(() => 2, { name: 'b', dependsOn: ['a'] });
  wf.addTask(() => 3, { name: 'c' });
  wf.addTask(() => 4, { name: 'late', dependsOn: ['b'], triggerRule: 'always' });
  wf.addTask(() => 5, { name: 'd', dependsOn: ['c'] });
  return wf;
}

describe('run plan', () => {
  it('seeds the roots and the always tasks in insertion order, with every rule resolved', () => {
    const plan = graph().getRunPlan();
    expect([...plan.seeds]).toEqual([0, 2, 3]);
    expect(plan.rules).toEqual([
      'all_success',
      'all_success',
      'all_success',
      'always',
      'all_success',
    ]);
    expect(plan.runnables.map((r) => r.name)).toEqual(['a', 'b', 'c', 'late', 'd']);
  });

  it('is cached, and rebuilt after every kind of edit', () => {
    const wf = graph();
    const first = wf.getRunPlan();
    expect(wf.getRunPlan()).toBe(first);
    wf.addTask(() => 6, { name: 'e' });
    const second = wf.getRunPlan();
    expect(second).not.toBe(first);
    expect([...second.seeds]).toEqual([0, 2, 3, 5]);
    wf.addDependency('a', 'e');
    expect([...wf.getRunPlan().seeds]).toEqual([0, 2, 3]);
    wf.removeTask('a');
    expect([...wf.getRunPlan().seeds]).toEqual([0, 1, 2, 4]);
    expect(wf.getRunPlan().runnables.map((r) => r.name)).toEqual(['b', 'c', 'late', 'd', 'e']);
  });

  it('starts an always task before its upstream finishes, in fresh and in resumed runs', async () => {
    const store = new MemoryStateStore();
    const order: string[] = [];
    const wf = new Workflow('always', { id: 'always' });
    let broken = true;
    wf.addTask(
      () => {
        order.push('a');
        if (broken) throw new Error('not yet');
      },
      { name: 'a' },
    );
    wf.addTask(() => order.push('b'), { name: 'b', dependsOn: ['a'] });
    wf.addTask(() => order.push('late'), {
      name: 'late',
      dependsOn: ['b'],
      triggerRule: 'always',
    });
    wf.addTask(() => order.push('c'), { name: 'c' });
    const executor = new SequentialExecutor({ store });
    // Its leaves `late` and `c` completed, so the run completes with `a`'s failure handled.
    const first = await wf.execute(executor, { runId: 'r' });
    expect(first.handledFailures).toEqual(['a']);
    expect(order).toEqual(['a', 'late', 'c']);
    expect(wf.getTask('b')!.status).toBe('skipped');

    // Resumed: `late` and `c` are restored; `a` and then `b` run again.
    order.length = 0;
    broken = false;
    const result = await wf.execute(executor, { runId: 'r' });
    expect(result.restored).toEqual(['late', 'c']);
    expect(order).toEqual(['a', 'b']);
  });

  it('never re-runs a restored task whose upstream was restored too', async () => {
    const store = new MemoryStateStore();
    const ran: string[] = [];
    let failC = true;
    const wf = new Workflow('chain', { id: 'chain' });
    wf.addTask(() => ran.push('a'), { name: 'a' });
    wf.addTask(() => ran.push('b'), { name: 'b', dependsOn: ['a'] });
    wf.addTask(
      () => {
        ran.push('c');
        if (failC) throw new Error('c failed');
      },
      { name: 'c', dependsOn: ['b'] },
    );
    const executor = new SequentialExecutor({ store });
    await expect(wf.execute(executor, { runId: 'r' })).rejects.toThrow('c failed');
    failC = false;
    const result = await wf.execute(executor, { runId: 'r' });
    expect(ran).toEqual(['a', 'b', 'c', 'c']);
    expect(result.restored).toEqual(['a', 'b']);
    expect(wf.getTask('b')!.attempts).toBe(1);
  });
});

describe('attempt objects', () => {
  it('flags what each task asks of a run', () => {
    const wf = new Workflow('flags');
    wf.addTask(() => 1, { name: 'bare' });
    wf.addTask(() => 1, { name: 'timed', timeoutMs: 5 });
    wf.addTask((inputs) => inputs, { name: 'reads' });
    wf.addTask(() => 1, { name: 'watched', onStatusChange: () => undefined });
    expect([...wf.getRunPlan().flags]).toEqual([
      TaskFlag.Recyclable,
      TaskFlag.Timeout,
      0,
      TaskFlag.StatusCallback | TaskFlag.Recyclable,
    ]);
  });

  it('gives every task that can see ctx its own, between tasks whose attempts are recycled', async () => {
    const wf = new Workflow('ctx');
    const seen: TaskContext[] = [];
    const fields: string[] = [];
    let flaky = 0;
    for (let k = 0; k < 4; k++) {
      wf.addTask(() => k, { name: `quiet${k}` });
      wf.addTask(
        (_inputs, ctx) => {
          seen.push(ctx);
          fields.push(`${ctx.taskName}#${ctx.attempt}`);
        },
        { name: `reads${k}` },
      );
    }
    wf.addTask(
      () => {
        if (++flaky < 3) throw new Error(`try ${flaky}`);
        return flaky;
      },
      { name: 'flaky', retries: 2 },
    );
    const result = await wf.execute(new SequentialExecutor());
    expect(new Set(seen).size).toBe(4);
    expect(seen.map((ctx) => ctx.taskName)).toEqual(['reads0', 'reads1', 'reads2', 'reads3']);
    expect(fields).toEqual(['reads0#1', 'reads1#1', 'reads2#1', 'reads3#1']);
    expect(result.tasks.flaky!.attemptHistory.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'completed'],
    ]);
    expect(wf.getTaskResult('quiet3')).toBe(3);
  });
});

describe('run results', () => {
  it('keep every task state under its own name after the workflow is edited', async () => {
    const wf = graph();
    const result = await wf.execute(new SequentialExecutor());
    wf.removeTask('a');
    wf.addTask(() => 7, { name: 'z' });
    expect(Object.keys(result.tasks)).toEqual(['a', 'b', 'c', 'late', 'd']);
    expect(result.tasks.a).toMatchObject({ name: 'a', result: 1 });
    expect(result.tasks.d).toMatchObject({ name: 'd', result: 5 });
  });
});

describe('validate() before each run', () => {
  it('checks code again after an edit, even when it passed before', async () => {
    const wf = new Workflow('w');
    wf.addTask(new Task('fine', 'return 1;'));
    await wf.execute(new SequentialExecutor());
    wf.addTask(new Task('broken', 'return 1 +;'));
    await expect(wf.execute(new SequentialExecutor())).rejects.toThrow(/Task "broken", line 1/);
    wf.removeTask('broken');
    await expect(wf.execute(new SequentialExecutor())).resolves.toMatchObject({
      status: 'completed',
    });
  });

  it('gives a silent task empty logs on every run, and a chatty one only its latest lines', async () => {
    const wf = new Workflow('logs');
    let run = 0;
    wf.addTask((_inputs, ctx) => ctx.log(`run ${++run}`), { name: 'chatty' });
    wf.addTask(() => 1, { name: 'silent' });
    await wf.execute(new SequentialExecutor());
    const firstLines = wf.getTask('chatty')!.logs;
    await wf.execute(new SequentialExecutor());
    expect(wf.getTask('chatty')!.logs.map((l) => l.message)).toEqual(['run 2']);
    expect(firstLines.map((l) => l.message)).toEqual(['run 1']);
    expect(wf.getTask('silent')!.logs).toEqual([]);
  });
});
