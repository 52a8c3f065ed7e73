// What a plain `flowweaver run` writes: output paths checked before anything runs, and a short
// summary of every task's outcome on stdout at the end.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunResult, TaskRunState } from '../engine/index.ts';
import { cli, TESTDATA, tempDir } from './cliTestSupport.ts';
import { formatRunSummary } from './runSummary.ts';

// Each test spawns Node processes: the limit is a safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const COUNTED = join(TESTDATA, 'counted.json');
const MIXED = join(TESTDATA, 'mixed.json');

describe('flowweaver run output paths', () => {
  it.each([
    [
      '--mermaid',
      '/nonexistent/x.mmd',
      /^--mermaid \/nonexistent\/x\.mmd: the folder \/nonexistent does not exist$/,
    ],
    [
      '--state',
      '/nonexistent/dir/s.json',
      /^--state \/nonexistent\/dir\/s\.json: the folder \/nonexistent\/dir does not exist$/,
    ],
    ['--metrics', '.', /^--metrics \.: this is a folder, not a file$/],
  ])(
    '%s %s is refused with exit 2 and one line, before any task runs',
    async (flag, path, line) => {
      const counter = join(tempDir(), 'counter.txt');
      const run = await cli(['run', COUNTED, flag, path], { FW_COUNTER: counter });
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(line);
      expect(existsSync(counter)).toBe(false);
    },
  );
});

describe('flowweaver run summary', () => {
  it('a plain run prints each task, its outcome and result on stdout', async () => {
    const dir = tempDir();
    const run = await cli(['run', MIXED], {
      FW_COUNTER: join(dir, 'counter.txt'),
      FW_CPU_MS: '1',
      FW_IO_MS: '1',
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('run completed, tasks: 8 completed, 1 failed');
    // The failure first, then the tasks in workflow order.
    expect(lines[1]).toMatch(
      /^ {2}failed {4}boom {5}Task "boom" failed after 1 attempt: boom always fails$/,
    );
    expect(lines).toContain('  completed cpu3     16');
    expect(lines).toContain('  completed cleanup  "cleaned"');
    expect(lines).toHaveLength(10);
  });

  it('stays short for a big run: every failure, the first tasks, then a count', () => {
    const tasks = Array.from({ length: 500 }, (_, i): TaskRunState => {
      const broke = i % 100 === 99;
      return {
        name: `t${i}`,
        attempts: 1,
        attemptHistory: [],
        ...(broke
          ? { status: 'failed', error: { name: 'Error', message: `broke ${i}` } }
          : { status: 'completed', result: { rows: Array.from({ length: 50 }, () => i) } }),
      };
    });
    const run = { status: 'failed', tasks: Object.fromEntries(tasks.map((t) => [t.name, t])) };
    const lines = formatRunSummary(run as RunResult)
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('run failed, tasks: 495 completed, 5 failed');
    expect(lines.slice(1, 6).map((l) => l.trim().replace(/ +/g, ' '))).toEqual(
      [99, 199, 299, 399, 499].map((i) => `failed t${i} broke ${i}`),
    );
    expect(lines).toHaveLength(1 + 5 + 20 + 1);
    expect(lines.at(-1)).toBe('  … 475 more (--json lists every task)');
    // A long result is cut to one short line.
    expect(lines[6]).toMatch(/^ {2}completed t0 {4}\{"rows":\[0,0,.*…$/);
    expect(lines[6]!.length).toBeLessThan(100);
  });
});
