import { describe, expect, it } from 'vitest';
import type { PortableTaskOptions } from '../model/types.ts';
import { retryDelay } from './retryDelay.ts';

describe('retryDelay', () => {
  const table: [PortableTaskOptions, number, number, number][] = [
    // [options, retry, random, expected]
    [{}, 1, 0, 0],
    [{ retryDelayMs: 100 }, 1, 0, 100],
    [{ retryDelayMs: 100 }, 3, 0, 100],
    [{ retryDelayMs: 100, backoff: 'exponential' }, 1, 0, 100],
    [{ retryDelayMs: 100, backoff: 'exponential' }, 3, 0, 400],
    [{ retryDelayMs: 100, backoff: 'exponential', maxRetryDelayMs: 250 }, 3, 0, 250],
    [{ retryDelayMs: 100, jitter: true }, 1, 0, 50],
    [{ retryDelayMs: 100, jitter: true }, 1, 0.5, 75],
    [
      { retryDelayMs: 100, backoff: 'exponential', maxRetryDelayMs: 300, jitter: true },
      4,
      0.999999,
      300 * (0.5 + 0.5 * 0.999999),
    ],
  ];
  it.each(table)('%j retry %i (random %d) → %d ms', (options, retry, random, expected) => {
    expect(retryDelay(options, retry, () => random)).toBeCloseTo(expected, 6);
  });

  it('keeps jittered delays within [0.5, 1] × delay', () => {
    for (let i = 0; i < 100; i++) {
      const d = retryDelay({ retryDelayMs: 200, jitter: true }, 1);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(200);
    }
  });
});
