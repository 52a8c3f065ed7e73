// Ctrl-C, SIGTERM and timeouts always work: a task that never yields (`while (true) {}`) must not
// stop the process from obeying, under every executor. Outcomes are asserted, never durations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TESTDATA, tempDir } from './cliTestSupport.ts';
import { finished, killLeftovers, linesOf, start, storedRun, waitFor } from './spawnTestSupport.ts';

// Processes start through tsx on a busy machine: the limit is a safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const HANG = join(TESTDATA, 'hang.json');
const SPIN = join(TESTDATA, 'spin.json');
const EXECUTORS = ['sequential', 'async', 'threaded'] as const;

/**
 * Each executor without and with `--sandbox` (task code in sandboxed processes): the files the
 * tasks touch are in the sandbox folder, the only place they may write; the state file is not.
 */
const CASES = EXECUTORS.flatMap((executor) => [
  { executor, sandbox: false },
  { executor, sandbox: true },
]);

/** A temp folder for a run: where the tasks' files go, and the flags that say so. */
function runDir({ sandbox }: { sandbox: boolean }) {
  const dir = tempDir();
  const box = sandbox ? join(dir, 'box') : dir;
  if (sandbox) mkdirSync(box);
  return { dir, box, flags: sandbox ? [`--sandbox=${box}`] : [] };
}
const label = (c: { executor: string; sandbox: boolean }) =>
  `${c.executor}${c.sandbox ? ' --sandbox' : ''}`;

afterEach(killLeftovers);

describe('a task that never yields', () => {
  it.each(CASES.map((c) => [label(c), c] as const))(
    '%s: fails at its timeoutMs and the run goes on',
    async (_, c) => {
      const { dir, box, flags } = runDir(c);
      const state = join(dir, 'state.json');
      const args = ['run', HANG, '--state', state, '--executor', c.executor, ...flags];
      const run = await finished(args, { FW_COUNTER: join(box, 'counter.txt') });
      // cleanup (all_done) is the leaf that handles hang's failure, so the run succeeds.
      expect(run.code, run.stderr).toBe(0);
      const { tasks } = storedRun(state);
      expect(tasks.hang?.status).toBe('failed');
      expect(tasks.hang?.error?.message).toMatch(/timed out/i);
      expect(tasks.after?.result).toBe(2);
      expect(tasks.cleanup?.status).toBe('completed');
    },
  );

  it.each(
    CASES.flatMap((c) => (['SIGINT', 'SIGTERM'] as const).map((s) => [label(c), s, c] as const)),
  )('%s: %s exits 130 with the state saved', async (_, signal, c) => {
    const { dir, box, flags } = runDir(c);
    const counter = join(box, 'counter.txt');
    const state = join(dir, 'state.json');
    const run = start(['run', SPIN, '--state', state, '--executor', c.executor, ...flags], {
      FW_COUNTER: counter,
      FW_SPIN_FILE: join(box, 'never-created'),
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
