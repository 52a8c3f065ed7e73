import { describe, expect, it } from 'vitest';
import type { TaskRunState } from '../model/types.ts';
import { computeRunMetrics, percentile } from './runMetrics.ts';

const task = (name: string, patch: Partial<TaskRunState>): TaskRunState => ({
  name,
  status: 'completed',
  attempts: 1,
  attemptHistory: [],
  ...patch,
});

describe('percentile', () => {
  it.each([
    [[], 50, 0],
    [[5], 95, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
  ])('%j p%d → %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('computeRunMetrics', () => {
  it('counts statuses, retries, durations and throughput over the tasks this run executed', () => {
    const metrics = computeRunMetrics([
      task('a', { startedAt: 1000, finishedAt: 1100, durationMs: 100 }),
      task('b', { startedAt: 1100, finishedAt: 1400, durationMs: 300, attempts: 3 }),
      task('c', {
        status: 'failed',
        startedAt: 1100,
        finishedAt: 2000,
        durationMs: 900,
        attempts: 2,
      }),
      task('d', { status: 'skipped' }),
      task('e', { restored: true, durationMs: 5000, startedAt: 0, finishedAt: 5000 }),
    ]);
    expect(metrics.total).toBe(5);
    expect(metrics.byStatus).toMatchObject({ completed: 3, failed: 1, skipped: 1, pending: 0 });
    expect(metrics.retries).toBe(3);
    expect(metrics.wallTimeMs).toBe(1000);
    expect(metrics.throughputPerS).toBe(3);
    expect(metrics.p50DurationMs).toBe(300);
    expect(metrics.p95DurationMs).toBe(900);
    expect(metrics.sumDurationMs).toBe(1300);
    expect(metrics.finishedCount).toBe(3);
  });

  it('does not count an interrupted attempt as a retry', () => {
    const metrics = computeRunMetrics([
      task('a', {
        attempts: 3,
        attemptHistory: [
          { attempt: 1, startedAt: 0, finishedAt: 5, outcome: 'interrupted' },
          { attempt: 2, startedAt: 6, finishedAt: 8, outcome: 'failed' },
          { attempt: 3, startedAt: 9, finishedAt: 12, outcome: 'completed' },
        ],
      }),
    ]);
    expect(metrics.retries).toBe(1);
  });

  it('measures a live run up to now', () => {
    const metrics = computeRunMetrics([task('a', { status: 'running', startedAt: 100 })], {
      startedAt: 100,
      now: 600,
    });
    expect(metrics.wallTimeMs).toBe(500);
    expect(metrics.throughputPerS).toBe(0);
  });
});
