// A wide fan-out of awaiting tasks under the ThreadedExecutor: a worker whose attempts all wait
// (timers, I/O) says so and is sent more, so they run as widely as under the AsyncExecutor.
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { task } from './testExecutors.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

/**
 * Each task counts the attempts waiting beside it in its worker and waits until at least `want`
 * do (or `ms` pass), then returns the most it saw at once.
 */
const WAIT_FOR_COMPANY = (want: number, ms: number) => `
  const g = globalThis;
  g.waiting = (g.waiting ?? 0) + 1;
  g.most = Math.max(g.most ?? 0, g.waiting);
  const until = Date.now() + ${ms};
  while (g.waiting < ${want} && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  const most = g.most;
  await new Promise((r) => setTimeout(r, 50));
  g.waiting--;
  return most;
`;

function fanOut(n: number, want: number, ms: number): Workflow {
  const doc = {
    format: 'flowweaver.workflow',
    version: 1,
    id: `fan-out-${Math.random()}`,
    name: 'fan out',
    tasks: Array.from({ length: n }, (_, i) => task(`io_${i}`, WAIT_FOR_COMPANY(want, ms))),
  } as unknown as WorkflowDocument;
  return Workflow.fromDocument(doc);
}

async function mostAtOnce(
  executor: ThreadedExecutor,
  n: number,
  want: number,
  ms: number,
): Promise<number> {
  const result = await executor.execute(fanOut(n, want, ms), { store: new MemoryStateStore() });
  expect(result.status).toBe('completed');
  return Math.max(...Object.values(result.tasks).map((t) => t.result as number));
}

describe('awaiting tasks under the ThreadedExecutor', { timeout: 60_000 }, () => {
  it('by default a worker whose tasks all wait takes more than workerConcurrency (4)', async () => {
    const executor = new ThreadedExecutor({ maxWorkers: 2 });
    afterAll(() => executor.dispose());
    // 40 tasks on 2 workers: without widening each worker holds 4, and none ever sees 12.
    expect(await mostAtOnce(executor, 40, 12, 5000)).toBeGreaterThanOrEqual(12);
  });

  it('an explicit workerConcurrency is kept exactly', async () => {
    const executor = new ThreadedExecutor({ maxWorkers: 1, workerConcurrency: 2 });
    afterAll(() => executor.dispose());
    expect(await mostAtOnce(executor, 4, 3, 500)).toBe(2);
  });
});
