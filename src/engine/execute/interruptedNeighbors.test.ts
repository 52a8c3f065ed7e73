// Side by side in one worker, an attempt that overruns its timeout gets the worker replaced; the
// attempts that were running beside it did nothing wrong: they are interrupted and run again.
import { afterAll, expect, it } from 'vitest';
import type { WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { task } from './testExecutors.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

it('a timeout that replaces a shared worker re-runs the tasks beside it instead of failing them', async () => {
  const executor = new ThreadedExecutor({ maxWorkers: 1, workerConcurrency: 4 });
  afterAll(() => executor.dispose());
  const doc = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'neighbours',
    name: 'neighbours',
    tasks: [
      task('a', 'await new Promise((r) => setTimeout(r, 100)); return "a";'),
      task('b', 'await new Promise((r) => setTimeout(r, 100)); return "b";'),
      task('spin', 'while (true) {}', [], { timeoutMs: 200 }),
    ],
  } as unknown as WorkflowDocument;
  const run = executor.execute(Workflow.fromDocument(doc), { store: new MemoryStateStore() });
  const result = await run.catch((error: { result?: Awaited<typeof run> }) => error.result!);
  expect(result.tasks.spin!.status).toBe('failed');
  expect(result.tasks.spin!.error?.name).toBe('TaskTimeoutError');
  for (const name of ['a', 'b']) {
    const t = result.tasks[name]!;
    expect(t.status).toBe('completed');
    expect(t.result).toBe(name);
    expect(t.attemptHistory?.map((h) => h.outcome)).toEqual(['interrupted', 'completed']);
  }
});
