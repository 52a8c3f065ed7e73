// Live logs through the distributed executor (issue 19): a task's log lines reach the coordinator
// while its attempt runs on a worker, not only with its outcome. A private redis-server, a
// DistributedWorker and a DistributedExecutor in this process (the attempt runs in a thread).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workflow } from '../model/Workflow.ts';
import type { RunEvent } from '../model/types.ts';
import { DistributedExecutor } from './DistributedExecutor.ts';
import { DistributedWorker } from './DistributedWorker.ts';
import { startTestRedis, type TestRedis } from './testRedis.ts';

describe('DistributedExecutor live logs', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let worker: DistributedWorker;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(join(tmpdir(), 'fw-live-logs-'));
    worker = new DistributedWorker({ redisUrl: redis.url, queue: 'live', concurrency: 1 });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hands a running attempt its log lines before the attempt ends', async () => {
    const release = join(dir, 'release');
    // Logs, then waits until the test has seen the line (it creates the file then); without live
    // logs the line would only come with the outcome, and the attempt would time out instead.
    const code = [
      "log('waiting for the coordinator');",
      "const fs = await import('node:fs');",
      `while (!fs.existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 20));`,
      "log('released');",
      "return 'done';",
    ].join('\n');
    const workflow = Workflow.fromDocument({
      format: 'flowweaver.workflow',
      version: 1,
      id: 'live-logs',
      name: 'live logs',
      tasks: [{ name: 'talker', code, dependsOn: [], timeoutMs: 10_000 }],
    });
    const seen: string[] = [];
    const executor = new DistributedExecutor({ redisUrl: redis.url, queue: 'live' });
    const onEvent = (event: RunEvent): void => {
      if (event.type === 'task-log') {
        seen.push(event.line.message);
        if (!existsSync(release)) writeFileSync(release, '');
      }
      if (
        event.type === 'task-status' &&
        event.task === 'talker' &&
        (event.status === 'completed' || event.status === 'failed')
      )
        seen.push(`status ${event.status}`);
    };
    try {
      const result = await executor.execute(workflow, { onEvent });
      expect(result.tasks.talker?.status).toBe('completed');
      expect(seen).toEqual(['waiting for the coordinator', 'released', 'status completed']);
    } finally {
      await executor.dispose();
    }
  });
});
