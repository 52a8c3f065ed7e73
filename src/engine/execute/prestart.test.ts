// prestartWorker (the CLI calls it as the process starts): the first worker a pool spawns in this
// process is the thread started ahead, not a second one. Threads are told apart by threadId, which
// Node numbers in creation order within a process (Vitest runs each test file in its own).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import { prestartWorker } from '../prestart.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

/** The threadId the next thread gets, less one: a thread that exits at once takes this one. */
async function lastThreadId(): Promise<number> {
  const probe = new Worker('', { eval: true });
  const id = probe.threadId; // -1 once it has exited
  await new Promise((resolve) => probe.once('exit', resolve));
  return id;
}

describe('prestartWorker', () => {
  it("starts the thread that the first pool's first worker then is", async () => {
    const before = await lastThreadId();
    prestartWorker();
    const workflow = new Workflow('prestart');
    workflow.addTask(new Task('where', "return (await import('node:worker_threads')).threadId;"));
    const executor = new ThreadedExecutor({ maxWorkers: 1 });
    try {
      const result = await workflow.execute(executor);
      expect(result.tasks.where?.result).toBe(before + 1);
    } finally {
      await executor.dispose();
    }
  });
});
