import { describe, expect, it } from 'vitest';
import type { TaskRunState } from '../../../engine/index.ts';
import { barGeometry, buildTimeline, tickLabel, tickStep, ticks } from './timelineModel.ts';

const state = (name: string, extra: Partial<TaskRunState>): TaskRunState => ({
  name,
  status: 'completed',
  attempts: 1,
  attemptHistory: [],
  ...extra,
});

describe('buildTimeline', () => {
  it('draws one bar per attempt and orders rows by first start', () => {
    const tasks = [
      state('late', {
        attemptHistory: [{ attempt: 1, startedAt: 1500, finishedAt: 1600, outcome: 'completed' }],
      }),
      state('retried', {
        attempts: 3,
        attemptHistory: [
          {
            attempt: 1,
            startedAt: 1100,
            finishedAt: 1200,
            outcome: 'failed',
            error: { name: 'Error', message: 'boom' },
          },
          { attempt: 2, startedAt: 1300, finishedAt: 1350, outcome: 'timeout' },
          { attempt: 3, startedAt: 1400, finishedAt: 1450, outcome: 'completed' },
        ],
      }),
      state('waiting', { status: 'pending', attempts: 0 }),
    ];
    const model = buildTimeline(tasks, { startedAt: 1000, finishedAt: 2000, now: 5000 });
    expect(model.rows.map((r) => r.task)).toEqual(['retried', 'late']);
    expect(model.rows[0]!.bars.map((b) => b.outcome)).toEqual(['failed', 'timeout', 'completed']);
    expect(model.rows[0]!.bars[0]!.error).toBe('boom');
    expect(model.withoutAttempts).toBe(1);
    expect(model.start).toBe(1000);
    expect(model.end).toBe(2000);
  });

  it('extends running attempts to now while the run is live', () => {
    const model = buildTimeline(
      [
        state('r', {
          status: 'running',
          attemptHistory: [{ attempt: 1, startedAt: 100, outcome: 'running' }],
        }),
      ],
      { startedAt: 100, now: 900 },
    );
    expect(model.rows[0]!.bars[0]).toMatchObject({ start: 100, end: 900, running: true });
    expect(model.end).toBe(900);
  });

  it('ends an interrupted attempt stored without an end where the next attempt starts', () => {
    const model = buildTimeline(
      [
        state('resumed', {
          attempts: 2,
          attemptHistory: [
            { attempt: 1, startedAt: 100, outcome: 'interrupted' },
            { attempt: 2, startedAt: 900, finishedAt: 1000, outcome: 'completed' },
          ],
        }),
      ],
      { startedAt: 100, finishedAt: 5000, now: 6000 },
    );
    expect(model.rows[0]!.bars.map((b) => [b.start, b.end])).toEqual([
      [100, 900],
      [900, 1000],
    ]);
  });

  it('falls back to the task times when there is no attempt history', () => {
    const model = buildTimeline(
      [state('old', { status: 'failed', attempts: 2, startedAt: 10, finishedAt: 30 })],
      { startedAt: 0, finishedAt: 40, now: 99 },
    );
    expect(model.rows[0]!.bars).toEqual([
      { task: 'old', attempt: 2, outcome: 'failed', start: 10, end: 30, running: false },
    ]);
  });

  it('handles 1,000 tasks quickly enough to run per tick', () => {
    const tasks = Array.from({ length: 1000 }, (_, i) =>
      state(`t${i}`, {
        attemptHistory: [
          { attempt: 1, startedAt: 1000 - i, finishedAt: 2000, outcome: 'completed' },
        ],
      }),
    );
    const model = buildTimeline(tasks, { startedAt: 0, now: 3000 });
    expect(model.rows).toHaveLength(1000);
    expect(model.rows[0]!.task).toBe('t999');
  });
});

describe('geometry and axis', () => {
  it('maps times to pixels with a minimum width', () => {
    expect(barGeometry({ start: 0, end: 50 }, { start: 0, end: 100 }, 200)).toEqual({
      x: 0,
      w: 100,
    });
    expect(barGeometry({ start: 50, end: 50 }, { start: 0, end: 100 }, 200)).toEqual({
      x: 100,
      w: 2,
    });
    const last = barGeometry({ start: 100, end: 100 }, { start: 0, end: 100 }, 200);
    expect(last.x + last.w).toBeLessThanOrEqual(200);
  });

  it('chooses nice tick steps', () => {
    expect(tickStep(1000, 5)).toBe(200);
    expect(tickStep(9000, 6)).toBe(2000);
    expect(tickStep(70, 10)).toBe(10);
    expect(ticks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks(0, 5)).toEqual([0]);
  });

  it('labels ticks in readable units', () => {
    expect(tickLabel(0, 200)).toBe('0');
    expect(tickLabel(400, 200)).toBe('400 ms');
    expect(tickLabel(1200, 200)).toBe('1.2 s');
    expect(tickLabel(4000, 2000)).toBe('4 s');
    expect(tickLabel(150_000, 30_000)).toBe('2 m 30 s');
  });
});
