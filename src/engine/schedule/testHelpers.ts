// Test helpers for scheduler tests: manual deferreds and recorded start/end timelines (p-graph style).
import type { RunEvent } from '../model/types.ts';

/** A promise with its resolve/reject exposed, so tests decide when a task finishes. */
export interface Deferred<T = unknown> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Creates a {@link Deferred}. */
export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Records `task-status` events as `name:status` strings. */
export function statusLog(events: RunEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'task-status' ? [`${e.task}:${e.status}`] : []));
}

/** Highest number of tasks running at once, from recorded `start:x` / `end:x` entries. */
export function maxOverlap(timeline: readonly string[]): number {
  let running = 0;
  let max = 0;
  for (const entry of timeline) {
    running += entry.startsWith('start:') ? 1 : -1;
    max = Math.max(max, running);
  }
  return max;
}
