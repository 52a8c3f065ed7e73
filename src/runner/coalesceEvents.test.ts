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
