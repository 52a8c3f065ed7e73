// Ctrl-C, SIGTERM and timeouts always work: a task that never yields (`while (true) {}`) must not
// stop the process from obeying, under every executor. Outcomes are asserted, never durations.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TESTDATA, tempDir } from './cliTestSupport.ts';
import { finished, killLeftovers, linesOf, start, storedRun, waitFor } from './spawnTestSupport.ts';

// Processes start through tsx on a busy machine: the limit is a safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const HANG = join(TESTDATA, 'hang.json');
const SPIN = join(TESTDATA, 'spin.json');
const EXECUTORS = ['sequential', 'async', 'threaded'] as const;

afterEach(killLeftovers);

describe('a task that never yields', () => {
  it.each(EXECUTORS)('%s: fails at its timeoutMs and the run goes on', async (executor) => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const run = await finished(['run', HANG, '--state', state, '--executor', executor], {
      FW_COUNTER: join(dir, 'counter.txt'),
    });
    // cleanup (all_done) is the leaf that handles hang's failure, so the run succeeds.
    expect(run.code, run.stderr).toBe(0);
    const { tasks } = storedRun(state);
    expect(tasks.hang?.status).toBe('failed');
    expect(tasks.hang?.error?.message).toMatch(/timed out/i);
    expect(tasks.after?.result).toBe(2);
    expect(tasks.cleanup?.status).toBe('completed');
  });

  it.each(
    EXECUTORS.flatMap((executor) =>
      (['SIGINT', 'SIGTERM'] as const).map((s) => [executor, s] as const),
    ),
  )('%s: %s exits 130 with the state saved', async (executor, signal) => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const state = join(dir, 'state.json');
    const run = start(['run', SPIN, '--state', state, '--executor', executor], {
      FW_COUNTER: counter,
      FW_SPIN_FILE: join(dir, 'never-created'),
    });
    await waitFor(() => linesOf(counter).includes('spin'));
    run.child.kill(signal);
    const exited = await run.exited;
    expect(exited.code, exited.stderr).toBe(130);
    expect(exited.stderr).toMatch(/interrupted: state saved/);
    const saved = storedRun(state);
    expect(saved.status).toBe('cancelled');
    expect(saved.tasks.a?.status).toBe('completed');
    expect(saved.tasks.spin?.status).toBe('cancelled');
  });
});
