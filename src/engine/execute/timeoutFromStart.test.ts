// A task's `timeoutMs` bounds its own run time (as Airflow's execution_timeout does), not the time
// it spent waiting for a worker: a worker that runs attempts side by side starts a CPU-bound one
// only when the one before it lets go of the thread, and a cold pool starts its workers first.
import { afterAll, expect, it } from 'vitest';
import type { WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { task } from './testExecutors.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

/** Keeps the thread busy for `ms` (a CPU-bound task), then returns its name. */
const busy = (ms: number) =>
  `const end = Date.now() + ${ms}; while (Date.now() < end) {} return ctx.taskName;`;

it(
  'counts a side-by-side attempt from when its worker starts it',
  { timeout: 30_000 },
  async () => {
    // One worker taking eight attempts at once runs these one after another: the last starts
    // about 3,500 ms after it was sent, past its 2,500 ms budget, yet runs for only 500 ms. (The
    // 2,000 ms between its run time and its budget is what a loaded machine may take to deliver
    // its outcome.)
    const executor = new ThreadedExecutor({ maxWorkers: 1, workerConcurrency: 8 });
    afterAll(() => executor.dispose());
    const names = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];
    const doc = {
      format: 'flowweaver.workflow',
      version: 2,
      id: 'from-start',
      name: 'from-start',
      tasks: names.map((name) => task(name, busy(500), [], { timeoutMs: 2500 })),
    } as unknown as WorkflowDocument;
    const run = executor.execute(Workflow.fromDocument(doc), { store: new MemoryStateStore() });
    const result = await run.catch((error: { result?: Awaited<typeof run> }) => error.result!);
    for (const name of names) {
      expect(
        result.tasks[name]!.status,
        `${name}: ${JSON.stringify(result.tasks[name]!.error)}`,
      ).toBe('completed');
      expect(result.tasks[name]!.result).toBe(name);
    }
  },
);
