// Test support: the three executors, for tests that check a behaviour under each of them.
import { afterAll } from 'vitest';
import { AsyncExecutor } from './AsyncExecutor.ts';
import type { Executor } from './Executor.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

/**
 * `[name, make]` for Sequential, Async and Threaded (one worker, shared by the calling test file
 * and ended after it), for `describe.each`.
 */
export function everyExecutor(): [string, () => Executor][] {
  const threaded = new ThreadedExecutor({ maxWorkers: 1 });
  afterAll(() => threaded.dispose());
  return [
    ['sequential', () => new SequentialExecutor()],
    ['async', () => new AsyncExecutor({ maxConcurrent: 4 })],
    ['threaded', () => threaded],
  ];
}
