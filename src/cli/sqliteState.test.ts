// `flowweaver run --state <file>.sqlite` keeps runs in an SQLite database: resume, several
// workflows run at once against one file, and a file it cannot use refused before the run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SQLiteStateStore } from '../engine/node.ts';
import { cli, counted, TESTDATA, tempDir } from './cliTestSupport.ts';

// Each test spawns Node processes: the limit is a safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const COUNTED = join(TESTDATA, 'counted.json');
const MIXED = join(TESTDATA, 'mixed.json');

describe('flowweaver run --state runs.sqlite', () => {
  it('records a failed run in the database and resumes it without re-running completed tasks', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const state = join(dir, 'runs.sqlite');
    const failed = await cli(['run', COUNTED, '--state', state], {
      FW_COUNTER: counter,
      FW_FAIL_C: '1',
    });
    expect(failed.code, failed.stderr).toBe(1);
    const resumed = await cli(['run', COUNTED, '--state', state, '--json'], {
      FW_COUNTER: counter,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).tasks.c.result).toBe(20);
    expect(counted(counter)).toEqual(['a', 'b', 'c', 'c']);
    const store = new SQLiteStateStore(state);
    const run = await store.loadRun('cli-counted', 'default');
    expect(run?.run.status).toBe('completed');
    await store.close();
  });

  it('takes two runs of different workflows at once in one file', async () => {
    const dir = tempDir();
    const state = join(dir, 'runs.db');
    const env = { FW_COUNTER: join(dir, 'counter.txt'), FW_CPU_MS: '50', FW_IO_MS: '50' };
    const [one, two] = await Promise.all([
      cli(['run', COUNTED, '--state', state, '--executor', 'async'], env),
      cli(['run', MIXED, '--state', state], env),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const store = new SQLiteStateStore(state);
    expect((await store.loadRun('cli-counted', 'default'))?.tasks.c?.result).toBe(20);
    expect((await store.loadRun('cli-mixed', 'default'))?.tasks.cpu3?.result).toBe(16);
    await store.close();
  });

  it('refuses a file that is not an SQLite database with exit 2 and one line, and leaves it', async () => {
    const dir = tempDir();
    const state = join(dir, 'runs.sqlite');
    writeFileSync(state, 'not a database');
    const counter = join(dir, 'counter.txt');
    const run = await cli(['run', COUNTED, '--state', state], { FW_COUNTER: counter });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `--state ${state}: ${state} is not a readable SQLite database (file is not a database); it was left untouched.`,
    ]);
  });
});
