import { describe, expect, it } from 'vitest';
import type { RunEvent, TaskStatus } from '../engine/index.ts';
import { coalesceStatusEvents } from './coalesceEvents.ts';

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
