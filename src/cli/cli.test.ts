// Spawns the real `flowweaver` command as a process, as cron or CI would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it, vi } from 'vitest';
import { cli, counted, FROM_APP, TESTDATA, tempDir } from './cliTestSupport.ts';

// Each test spawns Node processes (tsx compiles on start): on a busy 2-core machine one can take
// several seconds, so the per-test limit is a generous safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const COUNTED = join(TESTDATA, 'counted.json');
const INVALID = join(TESTDATA, 'invalid.json');

describe('flowweaver run', () => {
  it('runs a workflow to success and prints the result as JSON', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const run = await cli(['run', COUNTED, '--json', '--workers', '2'], { FW_COUNTER: counter });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('completed');
    expect(result.tasks.c.result).toBe(20);
    expect(counted(counter)).toEqual(['a', 'b', 'c']);
  });

  it('runs a file exported from the app unchanged', async () => {
    const run = await cli(['run', FROM_APP, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.tasks.sum.result).toBe(8);
  });

  it.each(['sequential', 'async'])('runs with the %s executor', async (executor) => {
    const dir = tempDir();
    const run = await cli(['run', COUNTED, '--executor', executor], {
      FW_COUNTER: join(dir, 'c.txt'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/run completed/);
  });

  it('exits 1 when a task fails, the state file records it, and a re-run skips completed tasks', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const state = join(dir, 'state.json');
    const failed = await cli(['run', COUNTED, '--state', state], {
      FW_COUNTER: counter,
      FW_FAIL_C: '1',
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/c was told to fail/);
    expect(readFileSync(state, 'utf8')).toMatch(/"failed"/);

    const retried = await cli(['run', COUNTED, '--state', state, '--json'], {
      FW_COUNTER: counter,
    });
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout).tasks.c.result).toBe(20);
    expect(counted(counter)).toEqual(['a', 'b', 'c', 'c']);
  });

  it('exits 0 when a one_failed leaf handled the failure (the leaves decide), and says so', async () => {
    const file = join(tempDir(), 'handled.json');
    const task = (name: string, code: string, extra = {}) => ({
      name,
      code,
      dependsOn: [],
      ...extra,
    });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'flowweaver.workflow',
        version: 1,
        id: 'handled',
        name: 'handled',
        tasks: [
          task('extract', "throw new Error('source down');"),
          task('alert', "return 'paged';", { dependsOn: ['extract'], triggerRule: 'one_failed' }),
        ],
      }),
    );
    const run = await cli(['run', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/run completed — 1 failure handled \(extract\)/);
    expect(run.stderr).toMatch(/failed\s+extract.*source down/);
    const result = JSON.parse(run.stdout);
    expect(result.handledFailures).toEqual(['extract']);
    expect(result.tasks.alert.result).toBe('paged');
  });

  it('exits 124 when the run exceeds the workflow timeoutMs, and says it timed out', async () => {
    const file = join(tempDir(), 'timeout.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'flowweaver.workflow',
        version: 1,
        id: 'timeout',
        name: 'timeout',
        timeoutMs: 100,
        tasks: [
          {
            name: 'hang',
            code: 'await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));',
            dependsOn: [],
          },
          { name: 'after', code: 'return 1;', dependsOn: ['hang'] },
        ],
      }),
    );
    const run = await cli(['run', file, '--json']);
    expect(run.code, run.stderr).toBe(124);
    expect(run.stderr).toMatch(/run failed \(timed out\)/);
    expect(run.stderr).toContain(
      'timed out: Workflow "timeout" timed out: the run exceeded its timeoutMs of 100 ms',
    );
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'failed', timedOut: true });
    expect(result.tasks.hang.status).toBe('cancelled');
    expect(result.tasks.after.status).toBe('pending');
  });

  it('refuses a state file recorded for another workflow of the same name (exit 2) unless --force', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const state = join(dir, 'state.json');
    const first = await cli(['run', COUNTED, '--state', state], { FW_COUNTER: counter });
    expect(first.code, first.stderr).toBe(0);
    // Another workflow with the same id (ids default to names) and other tasks.
    const other = join(dir, 'other.json');
    const doc = JSON.parse(readFileSync(COUNTED, 'utf8')) as { tasks: { name: string }[] };
    doc.tasks[2]!.name = 'report';
    writeFileSync(other, JSON.stringify(doc));
    const refused = await cli(['run', other, '--state', state], { FW_COUNTER: counter });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Run "default" in the store was recorded for a different workflow than "Counted chain" ' +
        '(id "cli-counted"): tasks only in the stored run: "c"; tasks only in this workflow: "report".',
    );
    expect(refused.stderr).toContain('force the resume (forceResume; the CLI: --force)');
    expect(counted(counter)).toEqual(['a', 'b', 'c']);

    const forced = await cli(['run', other, '--state', state, '--force', '--json'], {
      FW_COUNTER: counter,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('note: Resumed run "default" although it was recorded');
    expect(JSON.parse(forced.stdout).tasks.report.result).toBe(20);
    expect(counted(counter)).toEqual(['a', 'b', 'c', 'c']);
  });

  it('cancels cleanly on SIGINT with exit 130, then resumes from the state file', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const state = join(dir, 'state.json');
    let sent = false;
    const interrupted = await cli(
      ['run', COUNTED, '--state', state, '--executor', 'async', '--verbose'],
      { FW_COUNTER: counter, FW_SLOW_MS: '60000' },
      (stderr, kill) => {
        if (!sent && stderr.includes('[b] b started')) {
          sent = true;
          kill();
        }
      },
    );
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(/interrupted: state saved/);

    const resumed = await cli(['run', COUNTED, '--state', state, '--json'], {
      FW_COUNTER: counter,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.restored).toEqual(['a']);
    expect(counted(counter)).toEqual(['a', 'b', 'b', 'c']);
  });

  it('writes final statuses as Mermaid and metrics as Prometheus text', async () => {
    const dir = tempDir();
    const mmd = join(dir, 'out.mmd');
    const prom = join(dir, 'out.prom');
    const run = await cli(['run', COUNTED, '--mermaid', mmd, '--metrics', prom], {
      FW_COUNTER: join(dir, 'c'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(mmd, 'utf8')).toMatch(/^graph TD\n[\s\S]*class .* completed\n$/);
    const families = parsePrometheusTextFormat(readFileSync(prom, 'utf8'));
    const tasks = families.find((f) => f.name === 'flowweaver_tasks');
    expect(tasks?.metrics.find((m) => m.labels?.status === 'completed')?.value).toBe('3');
  });
});

describe('flowweaver validate and mermaid', () => {
  it('exits 2 for run of an invalid file, listing every problem', async () => {
    const run = await cli(['run', INVALID]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/E_CYCLE/);
    expect(run.stderr).toMatch(/E_UNKNOWN_DEPENDENCY/);
    expect(run.stderr).toMatch(/E_SYNTAX/);
  });

  it('validate lists all problems and exits 1', async () => {
    const run = await cli(['validate', INVALID]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/3 problems|problems/);
  });

  it('refuses a whitespace-only task name and one with a leading space (run exits 2)', async () => {
    const file = join(tempDir(), 'blank.json');
    const task = (name: string, dependsOn: string[] = []) => ({
      name,
      code: 'return 1;',
      dependsOn,
    });
    const document = {
      format: 'flowweaver.workflow',
      version: 1,
      id: 'blank',
      name: 'blank',
      tasks: [task('a'), task('   ', ['a']), task(' b', ['a'])],
    };
    writeFileSync(file, JSON.stringify(document));
    const validate = await cli(['validate', file]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('Invalid task name "   ": a name cannot be only whitespace');
    expect(validate.stdout).toContain(
      'Invalid task name " b": a name cannot start or end with whitespace',
    );
    const run = await cli(['run', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a name cannot be only whitespace');
  });

  it('validate accepts a good file', async () => {
    const run = await cli(['validate', COUNTED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid \(3 tasks\)/);
  });

  it('prints Mermaid in the requested orientation', async () => {
    const run = await cli(['mermaid', COUNTED, '--orientation', 'lr']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('graph LR\n')).toBe(true);
  });

  it('exits 2 for an unreadable file or a bad option', async () => {
    expect((await cli(['run', '/nonexistent.json'])).code).toBe(2);
    expect((await cli(['run', COUNTED, '--executor', 'gpu'])).code).toBe(2);
  });
});
