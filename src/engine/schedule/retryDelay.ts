// Retry delay policy. Pure: no timers, no state; randomness is passed in.
import { Backoff } from '../model/status.ts';
import type { TaskOptions } from '../model/types.ts';

/**
 * Wait before retry number `retry` (1 for the first retry): `retryDelayMs`, doubled per retry
 * for exponential backoff, capped at `maxRetryDelayMs`, then with `jitter` scaled by a factor
 * in [0.5, 1] (the cap is applied first so jitter never exceeds it).
 */
export function retryDelay(
  options: Pick<TaskOptions, 'retryDelayMs' | 'backoff' | 'maxRetryDelayMs' | 'jitter'>,
  retry: number,
  random: () => number = Math.random,
): number {
  const base = options.retryDelayMs ?? 0;
  let delay = options.backoff === Backoff.Exponential ? base * 2 ** (retry - 1) : base;
  if (options.maxRetryDelayMs !== undefined) delay = Math.min(delay, options.maxRetryDelayMs);
  if (options.jitter) delay *= 0.5 + 0.5 * random();
  return delay;
}
