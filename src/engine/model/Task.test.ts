import { describe, expect, it } from 'vitest';
import { Task } from './Task.ts';

describe('Task attempt history', () => {
  it('builds the record of a single completed attempt when read', () => {
    const task = new Task('a', () => 1);
    task.beginAttempt(100);
    task.endAttempt('completed', 150);
    task.markFinished(150);
    expect(task.attemptHistory).toEqual([
      { attempt: 1, startedAt: 100, outcome: 'completed', finishedAt: 150 },
    ]);
    expect(task.durationMs).toBe(50);
  });

  it('keeps a record read while running up to date', () => {
    const task = new Task('a', () => 1);
    task.beginAttempt(100);
    const [record] = task.attemptHistory;
    expect(record).toEqual({ attempt: 1, startedAt: 100, outcome: 'running' });
    task.endAttempt('completed', 120);
    task.markFinished(120);
    expect(record).toEqual({ attempt: 1, startedAt: 100, outcome: 'completed', finishedAt: 120 });
  });

  it('records failures and retries, and reset drops the history without mutating it', () => {
    const task = new Task('a', () => 1);
    task.beginAttempt(1);
    task.endAttempt('failed', 2, { name: 'Error', message: 'x' });
    task.beginAttempt(3);
    task.endAttempt('completed', 4);
    task.markFinished(4);
    const history = task.attemptHistory;
    expect(history.map((a) => [a.attempt, a.outcome, a.finishedAt])).toEqual([
      [1, 'failed', 2],
      [2, 'completed', 4],
    ]);
    expect(task.durationMs).toBe(3);
    task.reset();
    expect(task.attemptHistory).toEqual([]);
    expect(history).toHaveLength(2);
    expect(task.startedAt).toBeUndefined();
    expect(task.durationMs).toBeUndefined();
  });
});
