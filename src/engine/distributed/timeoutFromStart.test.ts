// A task's timeoutMs under the distributed executor counts from when a worker takes its job, as
// under the local executors (ThreadedRunner.timesFromStart): not from when the coordinator queued
// it. A job that waits in the queue behind slower ones is not timed out before it starts. A private
// redis-server, one DistributedWorker taking one attempt at a time, a DistributedExecutor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workflow } from '../model/Workflow.ts';
import { DistributedExecutor } from './DistributedExecutor.ts';
import { DistributedWorker } from './DistributedWorker.ts';
import { startTestRedis, type TestRedis } from './testRedis.ts';

describe('DistributedExecutor timeouts', { timeout: 90_000 }, () => {
  let redis: TestRedis;
  let worker: DistributedWorker;

  beforeAll(async () => {
    redis = await startTestRedis();
    worker = new DistributedWorker({ redisUrl: redis.url, queue: 'timeouts', concurrency: 1 });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
  });

  const sleep = (ms: number) => `await new Promise((resolve) => setTimeout(resolve, ${ms}));`;

  it('count from when a worker takes the job, not from when it was queued', async () => {
    // One worker, one attempt at a time: whichever task it takes second waits in the queue for
    // the first one's 3 s, longer than its 2.5 s timeout; once taken, each ends in 0.2 s (the
    // 2.3 s left of its budget is what a loaded machine may take to tell the coordinator).
    const workflow = Workflow.fromDocument({
      format: 'flowweaver.workflow',
      version: 2,
      id: 'dist-timeouts',
      name: 'distributed timeouts',
      tasks: [
        { name: 'slow', code: `${sleep(3_000)} return 'slow';`, dependsOn: [] },
        ...['a', 'b'].map((name) => ({
          name,
          code: `${sleep(200)} return '${name}';`,
          dependsOn: [],
          timeoutMs: 2_500,
        })),
      ],
    });
    const executor = new DistributedExecutor({ redisUrl: redis.url, queue: 'timeouts' });
    try {
      const result = await executor.execute(workflow);
      expect(result.tasks.slow?.result).toBe('slow');
      expect(result.tasks.a?.result).toBe('a');
      expect(result.tasks.b?.result).toBe('b');
    } finally {
      await executor.dispose();
    }
  });

  it('still end a task that runs past them once a worker took it', async () => {
    const workflow = Workflow.fromDocument({
      format: 'flowweaver.workflow',
      version: 2,
      id: 'dist-timeout-hit',
      name: 'distributed timeout hit',
      tasks: [{ name: 'hangs', code: `${sleep(30_000)} return 1;`, dependsOn: [], timeoutMs: 300 }],
    });
    const executor = new DistributedExecutor({ redisUrl: redis.url, queue: 'timeouts' });
    try {
      const run = executor.execute(workflow);
      await expect(run).rejects.toMatchObject({ name: 'WorkflowExecutionError' });
      const result = await run.catch((error: { result: { tasks: Record<string, unknown> } }) => {
        return error.result;
      });
      expect(result.tasks.hangs).toMatchObject({
        status: 'failed',
        error: { name: 'TaskTimeoutError' },
      });
    } finally {
      await executor.dispose();
    }
  });
});
