// A finished task is never lost: the real `flowweaver` process is killed (SIGKILL, no chance to
// flush) while later tasks run, and the resumed run must not run again any task the state file
// recorded as completed. Under every executor, task code runs off the thread that persists state.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TESTDATA, tempDir } from './cliTestSupport.ts';
import {
  completedIn,
  finished,
  killLeftovers,
  linesOf,
  start,
  storedRun,
  waitFor,
} from './spawnTestSupport.ts';

// Processes start through tsx on a busy machine: the limits are safety nets, not speed assertions.
vi.setConfig({ testTimeout: 120_000 });

const SPIN = join(TESTDATA, 'spin.json');
const MIXED = join(TESTDATA, 'mixed.json');
const EXECUTORS = ['sequential', 'async', 'threaded'] as const;
const ROUNDS = 20;

/** Each executor without and with `--sandbox` (task code in sandboxed processes). */
const CASES = EXECUTORS.flatMap((executor) => [
  [executor, { executor, sandbox: false }] as const,
  [`${executor} --sandbox`, { executor, sandbox: true }] as const,
]);
type Case = (typeof CASES)[number][1];

/**
 * A temp folder for a run and the command's flags: under --sandbox the tasks' files (counter,
 * release) live in the sandbox folder, the only place they may touch; the state file stays out.
 */
function runDir(c: Case) {
  const dir = tempDir();
  const box = c.sandbox ? join(dir, 'box') : dir;
  if (c.sandbox) mkdirSync(box);
  const state = join(dir, 'state.json');
  const flags = ['--state', state, '--executor', c.executor];
  return { box, state, flags: c.sandbox ? [...flags, `--sandbox=${box}`] : flags };
}

const count = (lines: readonly string[], name: string) => lines.filter((l) => l === name).length;

afterEach(killLeftovers);

describe('a finished task is never lost', () => {
  it.each(CASES)(
    '%s: a completed task is in the state file while a task that never yields runs, and is not run again after SIGKILL',
    async (_, c) => {
      const { box, state, flags } = runDir(c);
      const counter = join(box, 'counter.txt');
      const release = join(box, 'release');
      const env = { FW_COUNTER: counter, FW_SPIN_FILE: release };
      const run = start(['run', SPIN, ...flags], env);
      await waitFor(() => linesOf(counter).includes('spin'));
      // spin holds its thread for good; the completion of `a` must reach the file anyway.
      await waitFor(() => completedIn(state).includes('a'));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');

      writeFileSync(release, '');
      const resumed = await finished(['run', SPIN, ...flags], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(linesOf(counter)).toEqual(['a', 'spin', 'spin']);
    },
  );

  it.each(CASES)(
    `%s: SIGKILL at ${ROUNDS} random points of a mixed run, then a resume: every task recorded as completed ran once`,
    async (_, c) => {
      // Two rounds at a time: each spends most of its time starting processes.
      const rounds = Array.from({ length: ROUNDS }, (_, round) => round);
      const next = async (): Promise<void> => {
        const round = rounds.shift();
        if (round === undefined) return;
        await killAndResume(c, round);
        await next();
      };
      await Promise.all([next(), next()]);
    },
    // Forty processes (eighty with --sandbox's task processes) on a busy machine: a safety net.
    600_000,
  );
});

/** One round: a mixed run killed at a random point, then resumed to its end. */
async function killAndResume(c: Case, round: number): Promise<void> {
  const env = { FW_CPU_MS: '120', FW_IO_MS: '80' };
  const { box, state, flags } = runDir(c);
  const counter = join(box, 'counter.txt');
  const args = ['run', MIXED, ...flags];
  const run = start(args, { ...env, FW_COUNTER: counter });
  // Kill somewhere between the first task's start and a little after the run's end.
  await waitFor(() => linesOf(counter).length > 0);
  const delay = Math.floor(Math.random() * 900);
  await new Promise((resolve) => setTimeout(resolve, delay));
  run.child.kill('SIGKILL');
  await run.exited;
  const recorded = completedIn(state);

  const resumed = await finished(args, { ...env, FW_COUNTER: counter });
  const where = `round ${round}, killed ${delay} ms after the first task started; recorded ${recorded.join(', ')}`;
  // boom always fails; cleanup (all_done) handles it, so the run succeeds.
  expect(resumed.code, `${where}\n${resumed.stderr}`).toBe(0);
  const lines = linesOf(counter);
  for (const name of recorded) expect(count(lines, name), `${name} (${where})`).toBe(1);
  const final = storedRun(state);
  for (const [name, task] of Object.entries(final.tasks)) {
    expect(task.status, `${name} (${where})`).toBe(name === 'boom' ? 'failed' : 'completed');
    expect(count(lines, name), `${name} (${where})`).toBeGreaterThanOrEqual(1);
  }
  expect(Object.keys(final.tasks)).toHaveLength(9);
  expect(final.tasks.cpu3?.result).toBe(2 * (2 + 3 + 3));
}
