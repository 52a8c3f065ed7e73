// The pool over a fake link: idle ending (fake timers: a worker ends after idleTtlMs of
// uninterrupted idleness, whatever the number of idle spells between its attempts), and task
// sources sent once per worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptMessage, TaskPayload } from '../worker/protocol.ts';
import { WorkerPool } from './WorkerPool.ts';
import type { LinkEvents, WorkerLink } from './workerLink.ts';

const task: TaskPayload = { kind: 'code', name: 't', code: 'return 1;', upstream: [] };
const call = { inputs: {}, attempt: 1, runId: 'run' };

/** A pool of one fake worker whose attempts end when the test says so. */
function fakePool(idleTtlMs: number) {
  const sent: (AttemptMessage & { worker: number })[] = [];
  const terminated: number[] = [];
  let events: LinkEvents | undefined;
  let spawned = 0;
  let refuse: Error | undefined;
  const pool = new WorkerPool({
    maxWorkers: 1,
    idleTtlMs,
    spawn: (e) => {
      events = e;
      const worker = ++spawned;
      const link: WorkerLink = {
        run: (batch) => {
          if (refuse) throw refuse;
          sent.push(...batch.map((message) => ({ ...message, worker })));
          return Promise.resolve();
        },
        abort: () => undefined,
        terminate: () => void terminated.push(worker),
        setBusy: () => undefined,
      };
      return Promise.resolve(link);
    },
  });
  /** Runs one attempt to its end on the worker. */
  const attempt = async (payload: TaskPayload = task): Promise<void> => {
    const { promise } = pool.submit(payload, call, false, () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const { id } = sent.at(-1)!;
    events!.onReport({
      logs: [],
      outcomes: [{ type: 'ok', id, value: 1, startedAt: 0, finishedAt: 0, durationMs: 0 }],
    });
    await promise;
  };
  /** The next batches cannot be sent (as postMessage throws a DataCloneError). */
  const refuseWith = (error: Error | undefined): void => void (refuse = error);
  return { pool, attempt, sent, terminated, refuseWith, spawned: () => spawned };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerPool idle workers', () => {
  it('ends a worker idleTtlMs after its last attempt, not after its first idle spell', async () => {
    vi.useFakeTimers();
    const { pool, attempt, terminated, spawned } = fakePool(1000);
    await attempt(); // idle from t=0
    await vi.advanceTimersByTimeAsync(900);
    await attempt(); // busy across the moment the first spell would have ended, idle from t=900
    await vi.advanceTimersByTimeAsync(900); // t=1800: idle 900 ms
    expect(terminated).toEqual([]);
    expect(pool.size).toBe(1);
    await vi.advanceTimersByTimeAsync(200); // t=2000: idle 1100 ms
    expect(terminated).toEqual([1]);
    expect(pool.size).toBe(0);
    expect(spawned()).toBe(1);
  });

  it('keeps a worker that is never idle for idleTtlMs, however many short spells it has', async () => {
    vi.useFakeTimers();
    const { pool, attempt, terminated, spawned } = fakePool(1000);
    for (let i = 0; i < 20; i++) {
      await attempt();
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(terminated).toEqual([]);
    expect(spawned()).toBe(1);
    await vi.advanceTimersByTimeAsync(700);
    expect(terminated).toEqual([1]);
    expect(pool.size).toBe(0);
    await pool.dispose();
  });
});

describe('WorkerPool task sources', () => {
  it('sends a keyed source once per worker, then its key alone; a new worker gets it again', async () => {
    vi.useFakeTimers();
    const { pool, attempt, sent } = fakePool(30_000);
    const keyed: TaskPayload = { ...task, key: 5 };
    await attempt({ ...keyed, name: 'a' });
    await attempt({ ...keyed, name: 'b' });
    await attempt(task); // no key: always in full
    await attempt(task);
    // The worker is replaced (a hard timeout): its successor has never seen the source.
    const { id, promise } = pool.submit({ ...keyed, name: 'c' }, call, false, () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    pool.cancel(id, new Error('timed out'), 'now');
    await expect(promise).rejects.toThrow('timed out');
    await attempt({ ...keyed, name: 'd' });
    await attempt({ ...keyed, name: 'e' });
    expect(sent.map(({ worker, task: t }) => [worker, t])).toEqual([
      [1, { ...keyed, name: 'a' }],
      [1, { kind: 'known', key: 5, name: 'b' }],
      [1, task],
      [1, task],
      [1, { kind: 'known', key: 5, name: 'c' }],
      [2, { ...keyed, name: 'd' }],
      [2, { kind: 'known', key: 5, name: 'e' }],
    ]);
    await pool.dispose();
  });

  it('fails a batch that cannot be sent, alone, and sends its source in full next time', async () => {
    vi.useFakeTimers();
    const { pool, attempt, sent, refuseWith, spawned } = fakePool(30_000);
    const keyed: TaskPayload = { ...task, key: 9 };
    await attempt({ ...keyed, name: 'a' });
    refuseWith(new Error('could not be cloned'));
    const { promise } = pool.submit({ ...keyed, name: 'b' }, call, false, () => undefined);
    await expect(promise).rejects.toThrow('could not be cloned');
    refuseWith(undefined);
    await attempt({ ...keyed, name: 'c' });
    expect(sent.map(({ task: t }) => t)).toEqual([
      { ...keyed, name: 'a' },
      { ...keyed, name: 'c' },
    ]);
    expect(spawned()).toBe(1);
    await pool.dispose();
  });
});
