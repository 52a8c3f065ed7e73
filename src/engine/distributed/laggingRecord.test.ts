// A coordinator killed between queueing a retry and recording it: its record says the first
// attempt is running, but that attempt failed and the retry's job ran (or runs) on a worker. The
// resumed coordinator waits on the retry's job rather than re-running the task beside it (seen in
// CI: a flaky task's retry ran twice, once from each coordinator). A private redis-server, a
// DistributedWorker and DistributedExecutors in this process; a MemoryStateStore holds the
// lagging record.
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { taskState } from '../storage/testFixtures.ts';
import { attemptJobId } from './protocol.ts';
import { DistributedExecutor } from './DistributedExecutor.ts';
import { DistributedWorker } from './DistributedWorker.ts';
import { startTestRedis, type TestRedis } from './testRedis.ts';

const QUEUE = 'lagging';

function flakyWorkflow(): Workflow {
  return Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 2,
    id: 'lagging-record',
    name: 'lagging record',
    tasks: [
      {
        name: 'flaky',
        // Each run of the code that completes returns a value of its own.
        code: "if (ctx.attempt === 1) throw new Error('first attempt fails'); return Math.random();",
        dependsOn: [],
        retries: 2,
      },
    ],
  });
}

describe('DistributedExecutor resuming from a record that lags behind the queue', () => {
  let redis: TestRedis;
  let worker: DistributedWorker;

  beforeAll(async () => {
    redis = await startTestRedis();
    worker = new DistributedWorker({ redisUrl: redis.url, queue: QUEUE, concurrency: 2 });
    await worker.start();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
  });

  it('waits on the retry queued before the record said so, and runs the task no more', async () => {
    // The first coordinator's run: attempt 1 failed, attempt 2 completed (both jobs in Redis).
    const store = new MemoryStateStore();
    const first = new DistributedExecutor({ redisUrl: redis.url, queue: QUEUE });
    let value: unknown;
    try {
      const result = await first.execute(flakyWorkflow(), { runId: 'r', store });
      value = result.tasks.flaky?.result;
      expect(result.tasks.flaky?.attempts).toBe(2);
    } finally {
      await first.dispose();
    }

    // What it had recorded when it was killed: the run and attempt 1 still running.
    const stored = (await store.loadRun('lagging-record', 'r'))!;
    store.saveRun({ ...stored.run, status: 'running' });
    store.recordTask('lagging-record', 'r', taskState('flaky', 'running'));
    const second = new DistributedExecutor({ redisUrl: redis.url, queue: QUEUE });
    try {
      const result = await second.execute(flakyWorkflow(), { runId: 'r', store });
      expect(result.status).toBe('completed');
      expect(result.tasks.flaky?.result).toBe(value);
      expect(result.tasks.flaky?.attemptHistory.map((a) => a.outcome)).toEqual([
        'interrupted',
        'completed',
      ]);
    } finally {
      await second.dispose();
    }
    const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      expect(await Job.fromId(queue, attemptJobId('r', 'flaky', 3))).toBeUndefined();
    } finally {
      await queue.close();
    }
  });
});
