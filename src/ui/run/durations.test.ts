import { describe, expect, it } from 'vitest';
import type { AttemptRecord, TaskRunState } from '../../engine/index.ts';
import * as durations from './durations.ts';

const { attemptCount, attemptEnd, formatAttemptCount, formatDuration } = durations;
const { resumedAt, runDurationMs, taskDurationMs } = durations;

const task = (patch: Partial<TaskRunState>): TaskRunState => ({
  name: 't',
  status: 'completed',
  attempts: 1,
  attemptHistory: [],
  ...patch,
});

describe('runDurationMs', () => {
  it.each([
    ['finished', { startedAt: 100, finishedAt: 350, status: 'completed' as const }, 250],
    ['running: to now', { startedAt: 100, status: 'running' as const }, 900],
    ['stopped without an end', { startedAt: 100, status: 'failed' as const }, undefined],
    ['an end before the start', { startedAt: 100, finishedAt: 90, status: 'failed' as const }, 0],
  ])('%s', (_label, run, expected) => {
    expect(runDurationMs(run, 1000)).toBe(expected);
  });
});

describe('taskDurationMs', () => {
  it('is the recorded duration of a settled task (a restored one keeps its own)', () => {
    expect(taskDurationMs(task({ startedAt: 0, finishedAt: 50, durationMs: 40 }), 999)).toBe(40);
  });

  it('runs to now while the task runs or waits for a retry', () => {
    expect(taskDurationMs(task({ status: 'running', startedAt: 100 }), 400)).toBe(300);
    expect(taskDurationMs(task({ status: 'retrying', startedAt: 100 }), 250)).toBe(150);
  });

  it('is its end minus its first start without a recorded duration, and unknown before a start', () => {
    expect(taskDurationMs(task({ startedAt: 10, finishedAt: 30 }), 999)).toBe(20);
    expect(taskDurationMs(task({ status: 'pending', attempts: 0 }), 999)).toBeUndefined();
  });
});

describe('attemptEnd', () => {
  const history: AttemptRecord[] = [
    { attempt: 1, startedAt: 0, outcome: 'interrupted' },
    { attempt: 2, startedAt: 40, finishedAt: 90, outcome: 'failed' },
    { attempt: 3, startedAt: 100, outcome: 'running' },
  ];

  it('is the recorded end, now for a running attempt', () => {
    expect(attemptEnd(history, 1, 500)).toBe(90);
    expect(attemptEnd(history, 2, 500)).toBe(500);
  });

  it('ends an attempt recorded without an end when the next one starts, else at the fallback', () => {
    expect(attemptEnd(history, 0, 500)).toBe(40);
    const alone: AttemptRecord[] = [{ attempt: 1, startedAt: 7, outcome: 'interrupted' }];
    expect(attemptEnd(alone, 0, 500, 60)).toBe(60);
    expect(attemptEnd(alone, 0, 500)).toBe(7);
  });

  it('ends an interrupted attempt when the resume found it', () => {
    const found: AttemptRecord[] = [
      { attempt: 1, startedAt: 0, finishedAt: 1900, outcome: 'interrupted' },
      { attempt: 2, startedAt: 1950, outcome: 'running' },
    ];
    expect(attemptEnd(found, 0, 5000)).toBe(1900);
  });
});

describe('attempt counts', () => {
  it('counts an interrupted attempt and adds it to what the task may make', () => {
    const state = task({
      attempts: 2,
      attemptHistory: [
        { attempt: 1, startedAt: 0, finishedAt: 5, outcome: 'interrupted' },
        { attempt: 2, startedAt: 6, finishedAt: 9, outcome: 'completed' },
      ],
    });
    const count = attemptCount(state, 0);
    expect(count).toEqual({ current: 2, of: 2, interrupted: 1 });
    expect(formatAttemptCount(count)).toBe('attempt 2 of 2 (1 interrupted)');
  });

  it.each([
    [{ attempts: 1 }, 0, 'attempt 1 of 1'],
    [{ attempts: 2 }, 2, 'attempt 2 of 3'],
    [{ attempts: 0, status: 'pending' as const }, 2, 'no attempt yet (up to 3)'],
  ])('%j with %i retries reads %s', (patch, retries, text) => {
    expect(formatAttemptCount(attemptCount(task(patch), retries))).toBe(text);
  });
});

describe('resumedAt', () => {
  it('is the latest end of an interrupted attempt, or undefined', () => {
    expect(resumedAt([task({})])).toBeUndefined();
    expect(
      resumedAt([
        task({
          attemptHistory: [{ attempt: 1, startedAt: 0, finishedAt: 30, outcome: 'interrupted' }],
        }),
        task({
          attemptHistory: [{ attempt: 1, startedAt: 0, finishedAt: 20, outcome: 'interrupted' }],
        }),
      ]),
    ).toBe(30);
  });
});

describe('formatDuration', () => {
  it.each([
    [undefined, '—'],
    [-1, '—'],
    [850.4, '850 ms'],
    [4200, '4.20 s'],
    [42_000, '42.0 s'],
    [185_000, '3 m 05 s'],
    [3_720_000, '1 h 02 m'],
  ])('%s ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
