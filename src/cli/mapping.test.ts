// `flowweaver run` of a mapped workflow (mapOver, issue 16): counts instead of a line per
// instance, the results array in --json, the instance limit, and a SIGKILL mid-map whose resume
// runs only the instances not recorded as completed (each instance appends to a counter file).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInstanceKey } from '../engine/index.ts';
import { cli, TESTDATA, tempDir } from './cliTestSupport.ts';
import { finished, killLeftovers, linesOf, start, waitFor } from './spawnTestSupport.ts';

// Processes start through tsx on a busy machine: the limits are safety nets, not speed assertions.
vi.setConfig({ testTimeout: 120_000 });
afterEach(killLeftovers);

const MAPPED = join(TESTDATA, 'mapped.json');

/** Indexes of the instances of `task` a JSON state file records as completed. */
function completedInstances(file: string, task: string): number[] {
  const state = JSON.parse(readFileSync(file, 'utf8')) as {
    runs: Record<string, Record<string, { tasks: Record<string, { status: string }> }>>;
  };
  const run = Object.values(state.runs).flatMap((runs) => Object.values(runs))[0];
  const out: number[] = [];
  for (const [key, value] of Object.entries(run?.tasks ?? {})) {
    const id = parseInstanceKey(key);
    if (id?.task === task && value.status === 'completed') out.push(id.index);
  }
  return out.sort((a, b) => a - b);
}

const safeCompleted = (file: string, task: string): number[] => {
  try {
    return completedInstances(file, task);
  } catch {
    return []; // not written yet, or caught mid-write by a reader
  }
};

describe('flowweaver run with a mapped task', () => {
  it('prints counts, not a line per instance; --json has the results array', async () => {
    const box = tempDir();
    const counter = join(box, 'counter.txt');
    const run = await cli(['run', MAPPED, '--json', '--executor', 'async'], {
      FW_COUNTER: counter,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      tasks: Record<string, { result: unknown; map?: { total: number } }>;
    };
    expect(result.tasks.transform!.result).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    expect(result.tasks.transform!.map!.total).toBe(12);
    expect(result.tasks.total!.result).toBe(156);
    expect(run.stderr).toContain('completed transform ×12: 12 done');
    expect(run.stderr).not.toContain('transform[');
    expect(linesOf(counter)).toHaveLength(12);
  });

  it('shows the first failed instances and counts the rest', async () => {
    const box = tempDir();
    const run = await cli(['run', MAPPED], {
      FW_COUNTER: join(box, 'counter.txt'),
      FW_FAIL_FROM: '2',
    });
    expect(run.code).toBe(1);
    const failedLines = run.stderr.split('\n').filter((l) => l.startsWith('failed    transform['));
    expect(failedLines).toHaveLength(5);
    expect(run.stderr).toContain('further failed instances are counted only');
    expect(run.stderr).toContain('failed    transform ×12: 2 done · 10 failed');
    expect(run.stdout).toContain('transform  ×12: 2 done · 10 failed');
  });

  it('refuses more instances than --max-map-instances, naming the limit', async () => {
    const box = tempDir();
    const run = await cli(['run', MAPPED, '--max-map-instances', '5'], {
      FW_COUNTER: join(box, 'counter.txt'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"items" returned 12 items');
    expect(run.stderr).toContain('the limit is 5 mapped instances per run');
    expect(linesOf(join(box, 'counter.txt'))).toEqual([]);
    const bad = await cli(['run', MAPPED, '--max-map-instances', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-map-instances must be a positive integer');
  });

  it.each(['sequential', 'async', 'threaded'])(
    '%s: SIGKILL mid-map, then a resume runs only the instances not recorded as completed',
    async (executor) => {
      const box = tempDir();
      const counter = join(box, 'counter.txt');
      const release = join(box, 'release');
      const state = join(box, 'state.json');
      const env = { FW_COUNTER: counter, FW_RELEASE: release, FW_HOLD_FROM: '6' };
      const args = ['run', MAPPED, '--executor', executor, '--state', state];
      const run = start(args, env);
      // Instances 0–5 complete; 6 and after wait for the release file.
      await waitFor(() => safeCompleted(state, 'transform').length >= 6);
      await waitFor(() => linesOf(counter).includes('transform 6'));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      const recorded = completedInstances(state, 'transform');
      expect(recorded).toEqual([0, 1, 2, 3, 4, 5]);

      writeFileSync(release, '');
      const resumed = await finished(args, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const lines = linesOf(counter);
      for (const i of recorded) expect(lines.filter((l) => l === `transform ${i}`)).toHaveLength(1);
      for (let i = 6; i < 12; i++) expect(lines).toContain(`transform ${i}`);
      expect(completedInstances(state, 'transform')).toHaveLength(12);
    },
  );
});
