// ThreadedRunner's cancelKeepsOutcome (used by distributed workers): a cancelled attempt that still
// completes within the grace period settles with its result (the work was done and is kept); one
// that does not is ended with the cancel. Without the option a cancel settles at once.
import { afterEach, describe, expect, it } from 'vitest';
import { RunCancelledError } from '../model/errors.ts';
import type { TaskContext } from '../model/types.ts';
import { ThreadedRunner } from './ThreadedRunner.ts';

const runners: ThreadedRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.dispose()));
});

/** Runs `code` (which logs first) and cancels the attempt as soon as its first log line arrives. */
function cancelledAttempt(runner: ThreadedRunner, code: string): Promise<unknown> {
  const controller = new AbortController();
  const ctx = { signal: controller.signal, attempt: 1, runId: 'r', taskName: 't' } as TaskContext;
  return runner.run({
    task: { name: 't', code: `console.log('started');\n${code}`, options: {}, dependsOn: [] },
    inputs: {},
    ctx,
    onLog: () => controller.abort(new RunCancelledError(undefined)),
  });
}

const SLOW_THEN_DONE = "await new Promise((r) => setTimeout(r, 300)); return 'done';";

describe('ThreadedRunner cancelKeepsOutcome', { timeout: 20_000 }, () => {
  it('keeps the result of an attempt that completes within the grace period', async () => {
    const runner = new ThreadedRunner({
      maxWorkers: 1,
      cancelKeepsOutcome: true,
      cancelGraceMs: 5_000,
    });
    runners.push(runner);
    await expect(cancelledAttempt(runner, SLOW_THEN_DONE)).resolves.toBe('done');
  });

  it('ends an attempt that outlasts the grace period with the cancel', async () => {
    const runner = new ThreadedRunner({
      maxWorkers: 1,
      cancelKeepsOutcome: true,
      cancelGraceMs: 50,
    });
    runners.push(runner);
    const run = cancelledAttempt(runner, 'await new Promise(() => {});');
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
  });

  it('without it, settles with the cancel at once', async () => {
    const runner = new ThreadedRunner({ maxWorkers: 1, cancelGraceMs: 5_000 });
    runners.push(runner);
    await expect(cancelledAttempt(runner, SLOW_THEN_DONE)).rejects.toBeInstanceOf(
      RunCancelledError,
    );
  });
});
