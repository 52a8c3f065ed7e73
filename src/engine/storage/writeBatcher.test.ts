import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBatcher } from './writeBatcher.ts';
import type { WriteBatch } from './writeBatcher.ts';
import { logLine, runRecord, taskState } from './testFixtures.ts';

// Drains pending microtasks (one macrotask turn): no timing involved.
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder() {
  const batches: WriteBatch[] = [];
  let release: (() => void) | undefined;
  const errors: unknown[] = [];
  const batcher = new WriteBatcher(
    (batch) => {
      batches.push(batch);
      return new Promise<void>((resolve) => (release = resolve));
    },
    (error) => errors.push(error),
  );
  return { batches, errors, batcher, release: () => release?.() };
}

describe('WriteBatcher', () => {
  it('commits one batch per microtask with the latest state per task', async () => {
    const { batches, batcher, release } = recorder();
    batcher.putRun(runRecord('wf', 'r'));
    batcher.putTask('wf', 'r', taskState('a', 'running'));
    batcher.putTask('wf', 'r', taskState('a', 'completed', 1));
    batcher.addLog('wf', 'r', 'a', logLine('1'));
    batcher.addLog('wf', 'r', 'a', logLine('2'));
    await drain();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.tasks.map((t) => t.state.status)).toEqual(['completed']);
    expect(batches[0]?.logs[0]?.lines.map((l) => l.message)).toEqual(['1', '2']);
    release();
    await batcher.flush();
  });

  it('accumulates writes while a commit is in flight and flush waits for all of them', async () => {
    const { batches, batcher, release } = recorder();
    batcher.putTask('wf', 'r', taskState('a', 'running'));
    await drain();
    for (const name of ['b', 'c', 'd']) batcher.putTask('wf', 'r', taskState(name, 'running'));
    let flushed = false;
    const flushing = batcher.flush().then(() => (flushed = true));
    await drain();
    expect(batches).toHaveLength(1);
    release();
    await drain();
    expect(batches).toHaveLength(2);
    expect(batches[1]?.tasks.map((t) => t.state.name)).toEqual(['b', 'c', 'd']);
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(flushed).toBe(true);
  });

  it('reports a failed commit and keeps going', async () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const batcher = new WriteBatcher(
      (batch) => {
        seen.push(batch.tasks.length);
        return seen.length === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      (error) => errors.push(error),
    );
    batcher.putTask('wf', 'r', taskState('a', 'running'));
    await batcher.flush();
    batcher.putTask('wf', 'r', taskState('b', 'running'));
    await batcher.flush();
    expect(seen).toEqual([1, 1]);
    expect(errors).toHaveLength(1);
  });
});

/**
 * A batcher with a commit interval under fake timers, its first write already committed and a
 * second one (`b`) queued behind the interval.
 */
async function waitingBatcher(intervalMs: number) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const batches: WriteBatch[] = [];
  const batcher = new WriteBatcher(
    async (batch) => void batches.push(batch),
    () => undefined,
    intervalMs,
  );
  batcher.putTask('wf', 'r', taskState('a', 'completed', 1));
  await vi.advanceTimersByTimeAsync(0);
  expect(batches).toHaveLength(1); // the first goes at once
  batcher.putTask('wf', 'r', taskState('b', 'completed', 1));
  const names = () => batches.map((b) => b.tasks.map((t) => t.state.name));
  return { batches, batcher, names };
}

describe('WriteBatcher with a commit interval', () => {
  afterEach(() => vi.useRealTimers());

  it('starts commits at most once per interval; what arrives meanwhile goes in one commit', async () => {
    const { batches, batcher, names } = await waitingBatcher(100);
    // A chain: one completion after another, each in its own turn, within the interval.
    for (const name of ['c', 'd']) {
      await vi.advanceTimersByTimeAsync(10);
      batcher.putTask('wf', 'r', taskState(name, 'completed', 1));
    }
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(names()).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('flush commits at once, without waiting for the interval', async () => {
    const { batcher, names } = await waitingBatcher(60_000);
    await batcher.flush(); // no timer advanced: it would hang if flush waited
    expect(names()).toEqual([['a'], ['b']]);
  });

  it('seal commits what is queued at once, and records nothing after', async () => {
    const { batches, batcher, names } = await waitingBatcher(60_000);
    await batcher.seal(); // no timer advanced: it would hang if seal waited
    batcher.putTask('wf', 'r', taskState('c', 'failed', 1)); // after the page began to go
    batcher.addLog('wf', 'r', 'c', logLine('Failed to fetch'));
    await batcher.flush();
    expect(names()).toEqual([['a'], ['b']]);
    expect(batches.flatMap((b) => b.logs)).toEqual([]);
  });
});
