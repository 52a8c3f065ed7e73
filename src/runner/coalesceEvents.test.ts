import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult, TaskRunState, TaskStatus } from '../engine/index.ts';
import { serialize } from 'node:v8';
import { coalesceStatusEvents, shareFinalStates } from './coalesceEvents.ts';

const status = (task: string, to: TaskStatus, from: TaskStatus): RunEvent => ({
  type: 'task-status',
  runId: 'r',
  task,
  status: to,
  previous: from,
  attempt: 1,
  at: 0,
  state: { name: task, status: to, attempts: 1, attemptHistory: [] },
});
const log = (task: string, message: string): RunEvent => ({
  type: 'task-log',
  runId: 'r',
  task,
  line: { ts: 0, level: 'log', message },
});
const label = (e: RunEvent) =>
  e.type === 'task-status'
    ? `${e.task}:${e.status}`
    : e.type === 'task-log'
      ? `log:${e.line.message}`
      : e.type;

describe('coalesceStatusEvents', () => {
  it("keeps each task's last status where it came, and every other event in order", () => {
    const batch = [
      status('a', 'running', 'pending'),
      log('a', 'one'),
      status('b', 'running', 'pending'),
      status('a', 'completed', 'running'),
      log('b', 'two'),
      status('c', 'running', 'pending'),
    ];
    expect(coalesceStatusEvents(batch).map(label)).toEqual([
      'log:one',
      'b:running',
      'a:completed',
      'log:two',
      'c:running',
    ]);
  });

  it('keeps run-level events and an empty batch as they are', () => {
    expect(coalesceStatusEvents([])).toEqual([]);
    const started: RunEvent = {
      type: 'run-started',
      runId: 'r',
      workflowId: 'w',
      at: 0,
      resumed: false,
      restored: [],
      tasks: ['a'],
    };
    expect(coalesceStatusEvents([started, status('a', 'running', 'pending')]).map(label)).toEqual([
      'run-started',
      'a:running',
    ]);
  });
});

describe('coalesceStatusEvents with instances of a mapped task', () => {
  const instance = (index: number, to: TaskStatus, done: number): RunEvent => ({
    type: 'task-instance',
    runId: 'r',
    task: 'm',
    index,
    status: to,
    previous: 'pending',
    attempt: 1,
    at: 0,
    state: { task: 'm', index, status: to, attempts: 1, attemptHistory: [] },
    map: {
      total: 2,
      counts: {
        pending: 0,
        running: 2 - done,
        retrying: 0,
        completed: done,
        failed: 0,
        skipped: 0,
        cancelled: 0,
      },
    },
  });
  it("keeps each instance's last event, and the latest counts with it", () => {
    const batch = [
      instance(0, 'running', 0),
      instance(1, 'running', 0),
      instance(0, 'completed', 1),
      status('n', 'running', 'pending'),
    ];
    const kept = coalesceStatusEvents(batch);
    expect(
      kept.map((e) => (e.type === 'task-instance' ? `${e.index}:${e.status}` : label(e))),
    ).toEqual(['1:running', '0:completed', 'n:running']);
    const last = kept[1]!;
    expect(last.type === 'task-instance' && last.map.counts.completed).toBe(1);
  });
});

describe('shareFinalStates', () => {
  const done = (name: string, result: unknown): TaskRunState => ({
    name,
    status: 'completed',
    attempts: 1,
    attemptHistory: [{ attempt: 1, startedAt: 1, outcome: 'completed', finishedAt: 2 }],
    result,
    startedAt: 1,
    finishedAt: 2,
    durationMs: 1,
  });
  /** A batch that holds a whole run: each task's last status, then run-finished with its result. */
  function wholeRun(names: string[], finalOf = (name: string) => done(name, { rows: 3 })) {
    const results = new Map(names.map((n) => [n, { rows: 3 }]));
    const statuses: RunEvent[] = names.map((task) => ({
      type: 'task-status',
      runId: 'r',
      task,
      status: 'completed',
      previous: 'running',
      attempt: 1,
      at: 2,
      state: done(task, results.get(task)),
    }));
    const result: RunResult = {
      runId: 'r',
      workflowId: 'w',
      status: 'completed',
      startedAt: 0,
      finishedAt: 3,
      durationMs: 3,
      restored: [],
      handledFailures: [],
      stats: {} as RunResult['stats'],
      // Built apart from the events, as the engine does: equal states, other objects.
      tasks: Object.fromEntries(
        names.map((n) => [n, { ...finalOf(n), result: finalOf(n).result ?? results.get(n) }]),
      ),
    };
    const finished: RunEvent = {
      type: 'run-finished',
      runId: 'r',
      status: 'completed',
      at: 3,
      result,
    };
    return { batch: [...statuses, finished], statuses, result };
  }

  it("sends the run's final states once: the result holds the events' own state objects", () => {
    const names = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const { batch, statuses, result } = wholeRun(names, (n) => ({ ...done(n, undefined) }));
    const shared = shareFinalStates(batch);
    const finished = shared.at(-1);
    if (finished?.type !== 'run-finished') throw new Error('no run-finished');
    statuses.forEach((event, i) => {
      if (event.type === 'task-status') expect(finished.result.tasks[names[i]!]).toBe(event.state);
    });
    // The engine's own result is not changed.
    expect(result.tasks.t0).not.toBe((statuses[0] as { state: TaskRunState }).state);
    // Each state crosses once: about 60 % of the bytes (the events themselves stay).
    expect(serialize(shared).length).toBeLessThan(serialize(batch).length * 0.7);
  });

  it('keeps a final state that differs from the last event, and a result that is another value', () => {
    const { batch } = wholeRun(['a', 'b'], (n) =>
      n === 'a' ? { ...done(n, undefined), durationMs: 5 } : done(n, { rows: 3 }),
    );
    const finished = shareFinalStates(batch).at(-1);
    if (finished?.type !== 'run-finished') throw new Error('no run-finished');
    const events = batch.filter((e) => e.type === 'task-status');
    expect(finished.result.tasks.a).not.toBe(events[0]!.state);
    expect(finished.result.tasks.a?.durationMs).toBe(5);
    // b's result is an equal object but not the same one: not assumed equal.
    expect(finished.result.tasks.b).not.toBe(events[1]!.state);
  });
});
