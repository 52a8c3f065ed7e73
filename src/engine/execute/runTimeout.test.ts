// The run-level timeout (workflow option `timeoutMs`) under every executor: when it expires the
// running tasks are cancelled (their ctx.signal aborts with a RunTimeoutError), nothing new starts,
// and the run ends `failed` with `timedOut: true`; `execute` rejects with RunTimeoutError.
import { describe, expect, it } from 'vitest';
import { RunTimeoutError, WorkflowExecutionError } from '../model/errors.ts';
import type { RunEvent, RunResult, TaskContext, WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import type { Executor } from './Executor.ts';
import { everyExecutor, task, type Spec } from './testExecutors.ts';

const EXECUTORS = everyExecutor();

/** Waits until the run aborts the task (a task that would otherwise never end). */
const HANG =
  'await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve)); return "late";';

const doc = (tasks: Spec[], timeoutMs?: number): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id: `timeout-${Math.random()}`,
  name: 'timeout',
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
  tasks,
});

async function outcome(
  make: () => Executor,
  wf: Workflow,
  store = new MemoryStateStore(),
): Promise<{ result: RunResult; error: unknown; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  try {
    const result = await make().execute(wf, { store, onEvent: (e) => events.push(e) });
    return { result, error: undefined, events };
  } catch (error) {
    return { result: (error as { result: RunResult }).result, error, events };
  }
}

describe.each(EXECUTORS)('run timeout (%s)', { timeout: 60_000 }, (_, make) => {
  it('cancels the running task, starts nothing new, and ends the run as timed out', async () => {
    const wf = Workflow.fromDocument(
      doc([task('slow', HANG), task('after', 'return 2;', ['slow'])], 50),
    );
    const store = new MemoryStateStore();
    const { result, error, events } = await outcome(make, wf, store);
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    expect((error as RunTimeoutError).code).toBe('E_RUN_TIMEOUT');
    expect((error as Error).message).toBe(
      'Workflow "timeout" timed out: the run exceeded its timeoutMs of 50 ms; running tasks were cancelled',
    );
    expect(result.status).toBe('failed');
    expect(result.timedOut).toBe(true);
    expect(result.tasks.slow!.status).toBe('cancelled');
    expect(result.tasks.after!.status).toBe('pending');
    expect(events.some((e) => e.type === 'task-status' && e.task === 'after')).toBe(false);
    const finished = events.at(-1);
    expect(finished).toMatchObject({ type: 'run-finished', status: 'failed' });
    const stored = await store.loadRun(wf.id, result.runId);
    expect(stored?.run).toMatchObject({ status: 'failed', timedOut: true });
  });

  it('a run that finishes in time is not marked timed out', async () => {
    const wf = Workflow.fromDocument(doc([task('a', 'return 1;')], 60_000));
    const { result, error } = await outcome(make, wf);
    expect(error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.timedOut).toBeUndefined();
  });

  it('cancels a task waiting to retry', async () => {
    const wf = Workflow.fromDocument(
      doc([task('flaky', 'throw new Error("no");', [], { retries: 5, retryDelayMs: 60_000 })], 50),
    );
    const { result } = await outcome(make, wf);
    expect(result.timedOut).toBe(true);
    expect(result.tasks.flaky!.status).toBe('cancelled');
    expect(result.tasks.flaky!.attempts).toBe(1);
  });
});

describe('run timeout (API)', () => {
  it('aborts ctx.signal with a RunTimeoutError as the reason', async () => {
    const wf = new Workflow('api-timeout', { timeoutMs: 30 });
    let reason: unknown;
    wf.addTask(
      async (_inputs: Record<string, unknown>, ctx: TaskContext) => {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        reason = ctx.signal.reason;
      },
      { name: 'wait' },
    );
    await expect(wf.execute()).rejects.toBeInstanceOf(RunTimeoutError);
    expect(reason).toBeInstanceOf(RunTimeoutError);
    expect((reason as Error).message).toContain('timed out');
  });

  it('round-trips through the document and refuses a non-positive value', () => {
    const wf = Workflow.fromDocument(doc([task('a', 'return 1;')], 1234));
    expect(wf.timeoutMs).toBe(1234);
    expect(wf.toDocument().timeoutMs).toBe(1234);
    expect(() => Workflow.fromDocument(doc([task('a', 'return 1;')], 0))).toThrow(/timeoutMs/);
  });

  it('a resumed run gets the whole timeout again, counted from the resume', async () => {
    const store = new MemoryStateStore();
    const runId = 'resume-timeout';
    const first = Workflow.fromDocument({ ...doc([task('a', 'return 1;')]), id: 'rt' });
    await first.execute(undefined, { store, runId });
    // Mark the stored run as interrupted long ago; its first start is an hour back, far past the
    // timeout, which leaves a loaded machine a minute to run the rest.
    const stored = (await store.loadRun('rt', runId))!;
    await store.saveRun({ ...stored.run, status: 'running', startedAt: Date.now() - 3_600_000 });
    const second = Workflow.fromDocument({
      ...doc(
        [
          task('a', 'return 1;'),
          task('b', 'await new Promise((r) => setTimeout(r, 20)); return 2;', ['a']),
        ],
        60_000,
      ),
      id: 'rt',
    });
    const result = await second.execute(undefined, { store, runId, forceResume: true });
    expect(result.status).toBe('completed');
    expect(result.timedOut).toBeUndefined();
    expect(result.restored).toEqual(['a']);
  });
});
