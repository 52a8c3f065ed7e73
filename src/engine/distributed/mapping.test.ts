// Mapped tasks (mapOver, issue 16) through the distributed executor: one job per instance attempt
// (their ids carry the instance, so instances never collide), item and index reach the worker,
// results come back in item order, and an instance retries on its own. A private redis-server,
// a DistributedWorker and a DistributedExecutor in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workflow } from '../model/Workflow.ts';
import type { RunEvent } from '../model/types.ts';
import { attemptJobId } from './protocol.ts';
import { DistributedExecutor } from './DistributedExecutor.ts';
import { DistributedWorker } from './DistributedWorker.ts';
import { startTestRedis, type TestRedis } from './testRedis.ts';

describe('DistributedExecutor with a mapped task', { timeout: 90_000 }, () => {
  let redis: TestRedis;
  let worker: DistributedWorker;

  beforeAll(async () => {
    redis = await startTestRedis();
    worker = new DistributedWorker({ redisUrl: redis.url, queue: 'map', concurrency: 2 });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
  });

  it('runs one job per instance attempt and returns the results in item order', async () => {
    const workflow = Workflow.fromDocument({
      format: 'flowweaver.workflow',
      version: 2,
      id: 'dist-map',
      name: 'distributed map',
      tasks: [
        { name: 'items', code: "return ['a', 'b', 'c', 'd', 'e'];", dependsOn: [] },
        {
          name: 'upper',
          code: 'if (index === 3 && ctx.attempt === 1) throw new Error("flaky"); return `${index}:${item.toUpperCase()}`;',
          dependsOn: ['items'],
          mapOver: 'items',
          retries: 1,
        },
        { name: 'joined', code: "return upper.join(',');", dependsOn: ['upper'] },
      ],
    });
    const events: RunEvent[] = [];
    const executor = new DistributedExecutor({ redisUrl: redis.url, queue: 'map' });
    try {
      const result = await executor.execute(workflow, { onEvent: (e) => events.push(e) });
      expect(result.tasks.upper?.result).toEqual(['0:A', '1:B', '2:C', '3:D', '4:E']);
      expect(result.tasks.joined?.result).toBe('0:A,1:B,2:C,3:D,4:E');
      const retried = events.filter((e) => e.type === 'task-retry');
      expect(retried.map((e) => e.type === 'task-retry' && e.instance)).toEqual([3]);
      const ended = events.filter((e) => e.type === 'task-instance' && e.status === 'completed');
      expect(ended).toHaveLength(5);
    } finally {
      await executor.dispose();
    }
  });

  it('names each instance attempt in its job id', () => {
    expect(attemptJobId('r', 'upper', 1, 3)).toBe('r.upper[3].1');
    expect(attemptJobId('r', 'upper', 1)).toBe('r.upper.1');
    expect(attemptJobId('r', 'upper[3]', 1)).toBe('r.upper%5B3%5D.1');
  });
});
