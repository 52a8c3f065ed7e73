// Tiny attempts and the worker threads they go to: spread over every worker by default, or, with
// `fillBatches` (the distributed worker's setting), all of one turn to one worker in one message.
// And `ThreadedRunner.stop`: one attempt of many that share a signal is stopped alone.
import { describe, expect, it } from 'vitest';
import { RunCancelledError } from '../model/errors.ts';
import type { TaskContext } from '../model/types.ts';
import type { AttemptRequest } from '../schedule/TaskRunner.ts';
import type { AttemptMessage, AttemptOutcome, TaskPayload } from '../worker/protocol.ts';
import { ThreadedRunner } from './ThreadedRunner.ts';
import { WorkerPool } from './WorkerPool.ts';
import type { LinkEvents, WorkerLink } from './workerLink.ts';

const task: TaskPayload = { kind: 'code', name: 't', code: 'return 1;', upstream: [] };
const call = { inputs: {}, attempt: 1, runId: 'run' };

/** The outcome of an attempt that took no time. */
function instant(id: number): AttemptOutcome {
  return { type: 'ok', id, value: 1, startedAt: 0, finishedAt: 0, durationMs: 0 };
}

/** Four fake workers that end every attempt at once (in 0 ms); the batches each was sent. */
async function tinyPool(fillBatches: boolean) {
  const batches: { worker: number; size: number }[] = [];
  let spawned = 0;
  const pool = new WorkerPool({
    maxWorkers: 4,
    maxBatch: 32,
    fillBatches,
    spawn: (events: LinkEvents) => {
      const worker = ++spawned;
      const link: WorkerLink = {
        run: (batch: AttemptMessage[]) => {
          batches.push({ worker, size: batch.length });
          const outcomes = batch.map(({ id }) => instant(id));
          queueMicrotask(() => events.onReport({ logs: [], outcomes }));
        },
        abort: () => undefined,
        terminate: () => undefined,
        setBusy: () => undefined,
      };
      return Promise.resolve(link);
    },
  });
  pool.warm();
  // The first attempts teach the pool that attempts are tiny (its batch window opens).
  for (let i = 0; i < 4; i++) await pool.submit(task, call, false, () => undefined).promise;
  batches.length = 0;
  /** Submits `n` attempts in one turn and waits for them all. */
  const turn = async (n: number): Promise<void> => {
    await Promise.all(
      Array.from({ length: n }, () => pool.submit(task, call, false, () => undefined).promise),
    );
  };
  return { pool, batches, turn };
}

describe('WorkerPool fillBatches', () => {
  it('spreads the tiny attempts of one turn over every worker by default', async () => {
    const { pool, batches, turn } = await tinyPool(false);
    await turn(12);
    expect(batches.length).toBeGreaterThan(1);
    expect(new Set(batches.map(({ worker }) => worker)).size).toBeGreaterThan(1);
    await pool.dispose();
  });

  it('sends the tiny attempts of one turn to one worker in one message with fillBatches', async () => {
    const { pool, batches, turn } = await tinyPool(true);
    await turn(12);
    expect(batches.map(({ size }) => size)).toEqual([12]);
    await turn(12);
    expect(batches.map(({ size }) => size)).toEqual([12, 12]);
    await pool.dispose();
  });
});

describe('ThreadedRunner.stop', () => {
  it('stops one attempt of those sharing a signal, and only that one', async () => {
    const runner = new ThreadedRunner({ maxWorkers: 2, workerConcurrency: 1 });
    const shared = new AbortController();
    const request = (name: string, code: string): AttemptRequest => ({
      task: { name, code, options: {}, dependsOn: [] },
      inputs: {},
      ctx: {
        signal: shared.signal,
        attempt: 1,
        runId: 'r',
        taskName: name,
        params: {},
        secrets: {},
      } as unknown as TaskContext,
      onLog: () => undefined,
    });
    try {
      const waits = request(
        'waits',
        'while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5)); return "ended";',
      );
      const other = request('other', 'await new Promise((r) => setTimeout(r, 200)); return 2;');
      const stopped = runner.run(waits);
      const running = runner.run(other);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reason = new RunCancelledError(undefined, 'stopped alone');
      expect(runner.stop(waits, reason)).toBe(true);
      await expect(stopped).rejects.toBe(reason);
      await expect(running).resolves.toBe(2);
      expect(shared.signal.aborted).toBe(false);
      // Settled: nothing left to stop.
      expect(runner.stop(waits, reason)).toBe(false);
    } finally {
      await runner.dispose();
    }
  });
});
