// Dynamic task mapping (`mapOver`, issue 16) under every executor: one instance per item, each
// with its own attempts, retries, timeout, status and logs; results in item order downstream.
import { describe, expect, it } from 'vitest';
import { instanceKey } from '../model/mapping.ts';
import type { RunEvent, RunResult, WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { instanceRecord, instancesOf } from '../storage/instanceRecords.ts';
import { type Clock, systemClock } from '../schedule/clock.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { AsyncExecutor } from './AsyncExecutor.ts';
import type { Executor } from './Executor.ts';
import type { RunnerExecuteOptions } from './runWithRunner.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';
import { everyExecutor, task, type Spec } from './testExecutors.ts';

const EXECUTORS = everyExecutor();

const doc = (tasks: Spec[], more: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id: `map-${Math.random()}`,
  name: 'map',
  tasks,
  ...more,
});

interface Outcome {
  result: RunResult;
  error: unknown;
  events: RunEvent[];
  store: MemoryStateStore;
  wf: Workflow;
}

async function run(
  make: () => Executor,
  tasks: Spec[],
  // The executors pass a test clock (RunnerExecuteOptions) through to the scheduler.
  options: RunnerExecuteOptions & { doc?: Partial<WorkflowDocument> } = {},
): Promise<Outcome> {
  const { doc: more, ...execute } = options;
  const wf = Workflow.fromDocument(doc(tasks, more));
  const store = new MemoryStateStore();
  const events: RunEvent[] = [];
  const opts = {
    store,
    ...execute,
    onEvent: (e: RunEvent) => {
      events.push(e);
      execute.onEvent?.(e);
    },
  };
  try {
    return { result: await make().execute(wf, opts), error: undefined, events, store, wf };
  } catch (error) {
    const result = (error as { result?: RunResult }).result;
    if (!result) throw error;
    return { result, error, events, store, wf };
  }
}

/**
 * A clock whose run timer (the one set for `timeoutMs`) fires when the first mapped instance
 * starts running, not after `timeoutMs` of wall time; other timers are real.
 */
function runDeadlineAtFirstInstance(timeoutMs: number) {
  let held: (() => void) | undefined;
  const state = { fired: false };
  const clock: Clock = {
    ...systemClock,
    setTimeout: (callback, ms) => {
      if (ms !== timeoutMs || held) return systemClock.setTimeout(callback, ms);
      held = callback;
      return held;
    },
    clearTimeout: (handle) => {
      if (handle === held) held = undefined;
      else systemClock.clearTimeout(handle);
    },
  };
  const onEvent = (event: RunEvent) => {
    if (event.type !== 'task-instance' || event.status !== 'running' || !held) return;
    const fire = held;
    held = undefined;
    state.fired = true;
    setTimeout(fire, 0);
  };
  return {
    clock,
    onEvent,
    get fired() {
      return state.fired;
    },
  };
}

const source = (items: unknown) => task('extract', `return ${JSON.stringify(items)};`);
const mapped = (code: string, more: Partial<Spec> = {}) =>
  task('transform', code, ['extract'], { mapOver: 'extract', ...more });

describe.each(EXECUTORS)('mapping (%s)', { timeout: 60_000 }, (_, make) => {
  it('runs once per item with item and index; downstream gets the results in item order', async () => {
    const { result, events } = await run(make, [
      source([3, 1, 4, 1, 5]),
      mapped(
        'return { item, index, seen: extract, fromCtx: ctx.item === item && ctx.index === index };',
      ),
      task('load', 'return transform.map((r) => r.item * 10 + r.index);', ['transform']),
    ]);
    expect(result.status).toBe('completed');
    const transform = result.tasks.transform!;
    expect(transform.result).toEqual(
      [3, 1, 4, 1, 5].map((item, index) => ({ item, index, seen: item, fromCtx: true })),
    );
    expect(transform.map).toEqual({
      total: 5,
      counts: {
        pending: 0,
        running: 0,
        retrying: 0,
        completed: 5,
        failed: 0,
        skipped: 0,
        cancelled: 0,
      },
    });
    expect(result.tasks.load!.result).toEqual([30, 11, 42, 13, 54]);
    const instances = events.filter((e) => e.type === 'task-instance');
    expect(
      instances
        .filter((e) => e.status === 'completed')
        .map((e) => e.index)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    // The task itself: running once its instances are known, then completed; never per instance.
    const own = events.filter((e) => e.type === 'task-status' && e.task === 'transform');
    expect(own.map((e) => e.type === 'task-status' && e.status)).toEqual(['running', 'completed']);
    const last = instances.at(-1)!;
    expect(last.type === 'task-instance' && last.map.counts.completed).toBe(5);
  });

  it('keeps the results in item order when instances finish out of order', async () => {
    const { result } = await run(make, [
      source([0, 1, 2, 3]),
      mapped('await new Promise((r) => setTimeout(r, (4 - index) * 15)); return index;'),
    ]);
    expect(result.tasks.transform!.result).toEqual([0, 1, 2, 3]);
  });

  it('skips a task mapped over an empty array, and its dependents follow their rules', async () => {
    const { result } = await run(make, [
      source([]),
      mapped('return item;'),
      task('after', 'return 1;', ['transform']),
      task('anyway', 'return 2;', ['transform'], { triggerRule: 'none_failed' }),
    ]);
    const { status, skipReason, skipMessage } = result.tasks.transform!;
    expect([result.status, status, skipReason]).toEqual(['completed', 'skipped', 'empty_map']);
    expect(skipMessage).toBe('"extract" returned an empty array: no instance to run');
    expect(result.tasks.transform!.map).toEqual({
      total: 0,
      counts: expect.objectContaining({ pending: 0 }),
    });
    expect(result.tasks.after!.status).toBe('skipped');
    expect(result.tasks.anyway!.result).toBe(2);
  });

  it('fails a task whose upstream result is not an array, naming the upstream', async () => {
    const { result, error } = await run(make, [source({ rows: [1] }), mapped('return item;')]);
    expect(error).toBeDefined();
    expect(result.tasks.transform!.status).toBe('failed');
    expect(result.tasks.transform!.error).toMatchObject({ code: 'E_MAP_NOT_ARRAY' });
    expect(result.tasks.transform!.error!.message).toBe(
      'Task "transform": cannot map over "extract": its result is not an array (got an object); a mapped task runs once per item of an array',
    );
  });

  it('fails a task with more items than the limit, naming the limit and how to raise it', async () => {
    const items = [1, 2, 3, 4, 5];
    const limited = await run(make, [source(items), mapped('return item;')], {
      doc: { maxMapInstances: 4 },
    });
    const error = limited.result.tasks.transform!.error!;
    expect(error.code).toBe('E_MAP_LIMIT');
    expect(error.message).toContain('"extract" returned 5 items');
    expect(error.message).toContain('the limit is 4 mapped instances per run');
    expect(error.message).toContain('"maxMapInstances"');
    expect(error.message).toContain('--max-map-instances');
    // The execute option overrides the workflow's.
    const raised = await run(make, [source(items), mapped('return item;')], {
      doc: { maxMapInstances: 4 },
      maxMapInstances: 5,
    });
    expect(raised.result.tasks.transform!.result).toEqual(items);
  });

  it('retries each instance on its own, with the task retry options', async () => {
    const { result, events, store, wf } = await run(make, [
      source(['a', 'b', 'c']),
      mapped(
        'if (index === 1 && ctx.attempt < 3) throw new Error("flaky " + item); return item + ctx.attempt;',
        {
          retries: 2,
        },
      ),
    ]);
    expect(result.tasks.transform!.result).toEqual(['a1', 'b3', 'c1']);
    const retries = events.filter((e) => e.type === 'task-retry');
    expect(retries.map((e) => e.type === 'task-retry' && [e.instance, e.attempt])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    const stored = (await store.loadRun(wf.id, result.runId))!;
    const states = instancesOf(stored, 'transform');
    expect(states.map((s) => [s.index, s.status, s.attempts])).toEqual([
      [0, 'completed', 1],
      [1, 'completed', 3],
      [2, 'completed', 1],
    ]);
    expect(states[1]!.attemptHistory.map((a) => a.outcome)).toEqual([
      'failed',
      'failed',
      'completed',
    ]);
    expect(stored.tasks.transform!.map!.counts.completed).toBe(3);
    expect(Object.keys(stored.tasks).sort()).toEqual(['extract', 'transform']);
  });

  it('fails the task when an instance fails after its retries; the other instances still run', async () => {
    const { result, error, store, wf } = await run(make, [
      source([1, 2, 3, 4]),
      mapped('if (item === 2) throw new Error("bad item 2"); return item;'),
      task('load', 'return 1;', ['transform']),
    ]);
    expect(error).toBeDefined();
    expect(result.status).toBe('failed');
    const transform = result.tasks.transform!;
    expect(transform.status).toBe('failed');
    expect(transform.error).toMatchObject({ code: 'E_MAP_INSTANCE_FAILED' });
    expect(transform.error!.message).toBe(
      'Task "transform": 1 of 4 instances failed; the first, instance 1: bad item 2',
    );
    expect(transform.map!.counts).toMatchObject({ completed: 3, failed: 1 });
    expect(result.tasks.load).toMatchObject({ status: 'skipped', skipReason: 'upstream_failed' });
    const states = instancesOf((await store.loadRun(wf.id, result.runId))!, 'transform');
    expect(states.map((s) => s.status)).toEqual(['completed', 'failed', 'completed', 'completed']);
    expect(states[1]!.error!.message).toContain('bad item 2');
  });

  it('keeps each instance its own logs, tagged on the events', async () => {
    const { events, store, wf, result } = await run(make, [
      source(['x', 'y']),
      mapped('log("handling", item); console.warn("index", index); return item;'),
    ]);
    const lines = events.filter((e) => e.type === 'task-log');
    expect(lines.every((e) => e.type === 'task-log' && e.task === 'transform')).toBe(true);
    const of = (i: number) =>
      lines
        .filter((e) => e.type === 'task-log' && e.instance === i)
        .map((e) => e.type === 'task-log' && e.line.message);
    expect(of(0)).toEqual(['handling x', 'index 0']);
    expect(of(1)).toEqual(['handling y', 'index 1']);
    const logs = await store.getLogs(wf.id, result.runId, instanceKey('transform', 1));
    expect(logs.map((l) => [l.level, l.message])).toEqual([
      ['log', 'handling y'],
      ['warn', 'index 1'],
    ]);
    expect(await store.getLogs(wf.id, result.runId, 'transform')).toEqual([]);
  });

  it('gives each instance its own timeout', async () => {
    const { result } = await run(make, [
      source([0, 1]),
      mapped(
        'if (index === 0) await new Promise((r) => ctx.signal.addEventListener("abort", r)); return index;',
        { timeoutMs: 200 },
      ),
    ]);
    const transform = result.tasks.transform!;
    expect(transform.status).toBe('failed');
    expect(transform.error!.message).toContain('instance 0');
    expect(transform.error!.message).toContain('timed out after 200 ms');
  });

  it('an instance may skip itself: its result is null; all skipped skips the task', async () => {
    const some = await run(make, [
      source([1, 2, 3]),
      mapped('if (item === 2) ctx.skip("no twos"); return item;'),
    ]);
    expect(some.result.tasks.transform!.result).toEqual([1, null, 3]);
    expect(some.result.tasks.transform!.map!.counts.skipped).toBe(1);
    const all = await run(make, [source([1, 2]), mapped('ctx.skip("none");')]);
    expect(all.result.tasks.transform).toMatchObject({
      status: 'skipped',
      skipMessage: 'every one of its 2 instances skipped itself',
    });
  });

  it('cancel stops the running instances and the mapped task; nothing more starts', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const { result, error } = await run(
      make,
      [
        source([0, 1, 2, 3, 4, 5, 6, 7]),
        mapped('await new Promise((r) => ctx.signal.addEventListener("abort", r)); return index;'),
      ],
      {
        signal: controller.signal,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'task-instance' && e.status === 'running') controller.abort();
        },
      },
    );
    expect(error).toBeDefined();
    expect(result.status).toBe('cancelled');
    expect(result.tasks.transform!.status).toBe('cancelled');
    const started = events.filter((e) => e.type === 'task-instance' && e.status === 'running');
    const cancelled = events.filter((e) => e.type === 'task-instance' && e.status === 'cancelled');
    expect(started.length).toBeGreaterThan(0);
    expect(cancelled.length).toBe(started.length);
    expect(started.length).toBeLessThan(8);
  });

  it('a run timeout cancels the running instances and the mapped task', async () => {
    // The run's deadline passes while the instances run, however long a loaded machine takes to
    // start them: the clock holds the run's timer until the first instance is running.
    const deadline = runDeadlineAtFirstInstance(150);
    const { result, events } = await run(
      make,
      [
        source([0, 1, 2]),
        mapped('await new Promise((r) => ctx.signal.addEventListener("abort", r)); return index;'),
      ],
      { doc: { timeoutMs: 150 }, clock: deadline.clock, onEvent: deadline.onEvent },
    );
    expect(deadline.fired).toBe(true);
    expect(result.timedOut).toBe(true);
    expect(result.tasks.transform!.status).toBe('cancelled');
    const cancelled = events.filter((e) => e.type === 'task-instance' && e.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
  });
});

describe.each(EXECUTORS)('mapping, retry of a failed run (%s)', { timeout: 60_000 }, (_, make) => {
  it('seeded with the completed instances, a new run runs only the failed ones', async () => {
    const tasks = [
      source([1, 2, 3, 4]),
      mapped('if (index === 2 && !params.fixed) throw new Error("bad"); return item * 10;'),
    ];
    const params = [{ name: 'fixed', type: 'boolean' as const, default: false }];
    const first = await run(make, tasks, { doc: { params } });
    expect(first.result.tasks.transform!.status).toBe('failed');
    const stored = (await first.store.loadRun(first.wf.id, first.result.runId))!;
    // What "Retry failed" seeds: the completed tasks, and the completed instances of failed ones.
    const store = new MemoryStateStore();
    store.saveRun({ ...stored.run, runId: 'retry', status: 'running' });
    for (const state of Object.values(stored.tasks))
      if (state.status === 'completed') store.recordTask(first.wf.id, 'retry', state);
    for (const state of instancesOf(stored, 'transform'))
      if (state.status === 'completed')
        store.recordTask(first.wf.id, 'retry', instanceRecord(state));
    const events: RunEvent[] = [];
    const result = await make().execute(first.wf, {
      store,
      runId: 'retry',
      params: { fixed: true },
      onEvent: (e) => events.push(e),
    });
    expect(result.tasks.transform!.result).toEqual([10, 20, 30, 40]);
    const started = events.filter((e) => e.type === 'task-instance' && e.status === 'running');
    expect(started.map((e) => e.type === 'task-instance' && e.index)).toEqual([2]);
  });
});

describe('mapping: validation', () => {
  it('refuses mapOver naming a task that is not a direct upstream', () => {
    expect(() =>
      Workflow.fromDocument(doc([source([1]), task('t', 'return 1;', [], { mapOver: 'extract' })])),
    ).toThrow(/option "mapOver" names "extract", which is not one of its direct upstream tasks/);
  });

  it('refuses a mapped branch task', () => {
    expect(() =>
      Workflow.fromDocument(doc([source([1]), mapped('return 1;', { branch: true })])),
    ).toThrow(/a mapped task \(option "mapOver"\) cannot be a branch or short-circuit task/);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    expect(() => Workflow.fromDocument(doc([source([1])], { maxMapInstances: 0 }))).toThrow(
      /maxMapInstances/,
    );
    const wf = Workflow.fromDocument(doc([source([1]), mapped('return item;')]));
    await expect(new SequentialExecutor().execute(wf, { maxMapInstances: 1.5 })).rejects.toThrow(
      'execute option "maxMapInstances" must be a positive whole number (got 1.5)',
    );
  });

  it('keeps mapOver and maxMapInstances through a document', () => {
    const original = doc([source([1]), mapped('return item;')], { maxMapInstances: 7 });
    const back = Workflow.fromDocument(original).toDocument();
    expect(back.maxMapInstances).toBe(7);
    expect(back.tasks[1]).toMatchObject({ name: 'transform', mapOver: 'extract' });
  });

  it('failFast stops the run at the first failed instance; the task fails, not cancels', async () => {
    const wf = Workflow.fromDocument(
      doc([
        source([0, 1, 2, 3]),
        mapped(
          'if (index === 1) throw new Error("first"); await new Promise((r) => setTimeout(r, 30)); return index;',
        ),
      ]),
    );
    const store = new MemoryStateStore();
    const error = await new AsyncExecutor({ maxConcurrent: 2 })
      .execute(wf, { store, failFast: true })
      .catch((e: unknown) => e);
    const result = (error as { result: RunResult }).result;
    expect(result.status).toBe('failed');
    expect(result.tasks.transform!.status).toBe('failed');
    expect(result.tasks.transform!.error!.message).toContain('instance 1: first');
    const states = instancesOf((await store.loadRun(wf.id, result.runId))!, 'transform');
    expect(states.find((s) => s.index === 0)?.status).toBe('cancelled');
    expect(states.some((s) => s.index === 3)).toBe(false);
  });
});
