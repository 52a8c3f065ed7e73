// `flowweaver run --sandbox`: a workflow whose tasks try what the sandbox refuses, run as a user
// would, with and without --sandbox (without it, every attempt succeeds: the test can fail).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, counted, FROM_APP, TESTDATA, tempDir } from './cliTestSupport.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { parseCliArgs } from './parseCliArgs.ts';
import { permissionArgs, permissionFlag, sandboxGrants, sandboxNotice } from './sandbox.ts';
import { taskProcessEnv } from './sandboxProcess.ts';
import { killLeftovers, start, waitFor } from './spawnTestSupport.ts';

// Each test spawns Node processes (tsx compiles on start, the sandbox bundles the CLI): on a busy
// 2-core machine one can take several seconds; the limit is a safety net, not a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const PROBE = join(TESTDATA, 'sandbox-probe.json');
const COUNTED = join(TESTDATA, 'counted.json');
const REFUSED = [
  'write_outside',
  'write_beside_state',
  'write_state',
  'write_mermaid',
  'read_secret',
  'spawn_import',
  'spawn_builtin',
  'start_worker',
];

interface TaskOutcome {
  status: string;
  result?: unknown;
  error?: { message: string; cause?: { code?: string; message: string } };
}

const cleanups: string[] = [];
afterEach(() => {
  killLeftovers();
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Whether process `pid` is running (not gone, not a zombie waiting to be reaped). Linux /proc. */
function running(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

/** A sandbox folder, a folder outside it holding a secret, and a state folder. */
function layout() {
  const root = tempDir();
  cleanups.push(root);
  const box = join(root, 'box');
  const outside = join(root, 'outside');
  const stateDir = join(root, 'state');
  for (const dir of [box, outside, stateDir]) mkdirSync(dir);
  const secret = join(outside, 'secret.txt');
  writeFileSync(secret, 'top secret');
  const paths = {
    box,
    outside,
    secret,
    state: join(stateDir, 'state.json'),
    inside: join(box, 'inside.txt'),
    written: join(outside, 'written.txt'),
    besideState: join(stateDir, 'beside.txt'),
    mermaid: join(outside, 'out.mmd'),
  };
  const env = {
    FW_INSIDE: paths.inside,
    FW_OUTSIDE: paths.written,
    FW_BESIDE_STATE: paths.besideState,
    FW_STATE: paths.state,
    FW_MERMAID: paths.mermaid,
    FW_SECRET: secret,
  };
  return { ...paths, env };
}

function tasksOf(stdout: string): Record<string, TaskOutcome> {
  return (JSON.parse(stdout) as { tasks: Record<string, TaskOutcome> }).tasks;
}

/** The folder named by the command's `sandbox: task code may read and write only in <dir>;` line. */
function sandboxFolderOf(stderr: string): string {
  const folder = /^sandbox: task code may read and write only in (.+?); /m.exec(stderr)?.[1];
  expect(folder, stderr).toBeDefined();
  return folder as string;
}

describe.each(['async', 'sequential', 'threaded'])(
  'flowweaver run --sandbox, %s executor',
  (executor) => {
    it('refuses writes outside the folder (the state and --mermaid files too), reads of other files, child processes and workers; writes inside, state and outputs work', async () => {
      const p = layout();
      const mmd = p.mermaid;
      const prom = join(p.outside, 'out.prom');
      const run = await cli(
        [
          'run',
          PROBE,
          `--sandbox=${p.box}`,
          '--executor',
          executor,
          '--state',
          p.state,
          '--mermaid',
          mmd,
          '--metrics',
          prom,
          '--json',
        ],
        p.env,
      );
      expect(run.code, run.stderr).toBe(ExitCode.TaskFailed);
      const tasks = tasksOf(run.stdout);

      expect(tasks.write_inside?.status).toBe('completed');
      expect(readFileSync(p.inside, 'utf8')).toBe('inside');
      for (const name of REFUSED) {
        expect(tasks[name]?.status, name).toBe('failed');
        expect(tasks[name]?.error?.cause?.code, name).toBe('ERR_ACCESS_DENIED');
        expect(run.stderr).toMatch(
          new RegExp(`failed +${name} .*\\(ERR_ACCESS_DENIED: not allowed under --sandbox\\)`),
        );
      }
      expect(existsSync(p.written)).toBe(false);
      expect(existsSync(p.besideState)).toBe(false);
      expect(run.stdout).not.toContain('top secret');

      // The state file is the launcher's record of the run, whole: no task could rewrite it.
      const state = JSON.parse(readFileSync(p.state, 'utf8'));
      const stored = state.runs['cli-sandbox-probe'].default.tasks;
      expect(Object.keys(stored)).toHaveLength(1 + REFUSED.length);
      expect(stored.write_inside.status).toBe('completed');
      expect(stored.write_outside.status).toBe('failed');
      expect(stored.write_state.status).toBe('failed');
      expect(stored.write_state.error.cause.code).toBe('ERR_ACCESS_DENIED');
      expect(readFileSync(mmd, 'utf8')).toMatch(/^graph TD\n/);
      expect(readFileSync(mmd, 'utf8')).not.toContain('forged');
      expect(readFileSync(prom, 'utf8')).toMatch(/flowweaver_tasks\{.*status="failed".*\} 8/);
    });
  },
);

describe.each(['threaded', 'async', 'sequential'])('flowweaver run, %s executor', (executor) => {
  it('without --sandbox, task code has the rights of the process', async () => {
    const p = layout();
    const run = await cli(['run', PROBE, '--executor', executor, '--json'], p.env);
    expect(run.code, run.stderr).toBe(ExitCode.Success);
    const tasks = tasksOf(run.stdout);
    for (const name of ['write_inside', ...REFUSED])
      expect(tasks[name]?.status, name).toBe('completed');
    expect(tasks.read_secret?.result).toBe('top secret');
    expect(tasks.spawn_import?.result).toBe('spawned');
    expect(readFileSync(p.written, 'utf8')).toBe('outside');
    expect(readFileSync(p.besideState, 'utf8')).toBe('beside');
    expect(readFileSync(p.mermaid, 'utf8')).toContain('forged');
  });
});

describe('flowweaver run --sandbox', () => {
  it('without a folder, tasks write in a new one that is their working directory', async () => {
    const run = await cli(['run', COUNTED, '--sandbox'], { FW_COUNTER: 'counter.txt' });
    expect(run.code, run.stderr).toBe(ExitCode.Success);
    const folder = sandboxFolderOf(run.stderr);
    cleanups.push(folder);
    expect(counted(join(folder, 'counter.txt'))).toEqual(['a', 'b', 'c']);
  });

  it('removes the new folder when no task wrote anything in it', async () => {
    const run = await cli(['run', FROM_APP, '--sandbox']);
    expect(run.code, run.stderr).toBe(ExitCode.Success);
    expect(existsSync(sandboxFolderOf(run.stderr))).toBe(false);
  });

  it("keeps state in SQLite (the store is the command's, outside the sandbox) and resumes from it", async () => {
    const p = layout();
    const db = join(p.outside, 'runs.sqlite');
    const args = ['run', COUNTED, `--sandbox=${p.box}`, '--state', db, '--json'];
    const env = { FW_COUNTER: join(p.box, 'counter.txt') };
    const first = await cli(args, env);
    expect(first.code, first.stderr).toBe(ExitCode.Success);
    const again = await cli(args, env);
    expect(again.code, again.stderr).toBe(ExitCode.Success);
    expect(JSON.parse(again.stdout).restored).toEqual(['a', 'b', 'c']);
    expect(counted(env.FW_COUNTER)).toEqual(['a', 'b', 'c']);
  });

  it('lists the problems of an invalid file before making a sandbox', async () => {
    const run = await cli(['run', join(TESTDATA, 'invalid.json'), '--sandbox']);
    expect(run.code).toBe(ExitCode.InvalidInput);
    expect(run.stderr).toMatch(/E_CYCLE/);
    expect(run.stderr).not.toMatch(/^sandbox:/m);
  });

  it('ends a task process whose task never yields with its command, even a SIGKILLed one', async () => {
    const p = layout();
    const file = join(p.outside, 'spin.json');
    const code = [
      "(await import('node:fs')).writeFileSync('spinning', String(process.pid));",
      'while (true) {}',
    ].join('\n');
    const tasks = [{ name: 'spin', code, dependsOn: [] }];
    const doc = { format: 'flowweaver.workflow', version: 1, id: 'spin', name: 'spin', tasks };
    writeFileSync(file, JSON.stringify(doc));
    const run = start(['run', file, `--sandbox=${p.box}`, '--executor', 'sequential']);
    const marker = join(p.box, 'spinning');
    await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '');
    const task = Number(readFileSync(marker, 'utf8'));
    try {
      expect(running(task)).toBe(true);
      run.child.kill('SIGKILL');
      await run.exited;
      // Before, it spun on (its channel closed, but its thread never free to notice).
      await waitFor(() => !running(task));
    } finally {
      if (running(task)) process.kill(task, 'SIGKILL');
    }
  });

  it('cancels on SIGINT to the command with exit 130 and the state saved, then resumes', async () => {
    const p = layout();
    const counter = join(p.box, 'counter.txt');
    let sent = false;
    const interrupted = await cli(
      ['run', COUNTED, `--sandbox=${p.box}`, '--state', p.state, '--verbose'],
      { FW_COUNTER: counter, FW_SLOW_MS: '60000' },
      (stderr, kill) => {
        if (!sent && stderr.includes('[b] b started')) {
          sent = true;
          kill();
        }
      },
    );
    expect(interrupted.code, interrupted.stderr).toBe(ExitCode.Interrupted);
    expect(interrupted.stderr).toMatch(/interrupted: state saved/);

    const resumed = await cli(
      ['run', COUNTED, `--sandbox=${p.box}`, '--state', p.state, '--json'],
      {
        FW_COUNTER: counter,
      },
    );
    expect(resumed.code, resumed.stderr).toBe(ExitCode.Success);
    expect(JSON.parse(resumed.stdout).restored).toEqual(['a']);
    expect(counted(counter)).toEqual(['a', 'b', 'b', 'c']);
  });
});

describe('--sandbox options', () => {
  const run = (...args: string[]) => parseCliArgs(['run', 'wf.json', ...args]);

  it('takes an optional folder and makes async the default executor', () => {
    expect(run('--sandbox')).toMatchObject({ sandbox: {}, executor: 'async' });
    expect(run('--sandbox=out')).toMatchObject({ sandbox: { dir: 'out' }, executor: 'async' });
    expect(run('--sandbox', '--executor', 'sequential')).toMatchObject({ executor: 'sequential' });
    expect(run('--sandbox', '--executor', 'threaded')).toMatchObject({ executor: 'threaded' });
    expect(run()).not.toHaveProperty('sandbox');
    expect(run()).toMatchObject({ executor: 'threaded' });
  });

  it('says how to give a folder when one follows a bare --sandbox', () => {
    expect(() => run('--sandbox', 'out')).toThrow(/given as --sandbox=DIR/);
  });
});

describe('the task processes', () => {
  it('get the environment without NODE_OPTIONS or the secrets (a task gets its own with its attempt)', () => {
    const env = taskProcessEnv({
      PATH: '/bin',
      FW_X: '1',
      NODE_OPTIONS: '--allow-fs-write=*',
      FLOWWEAVER_SECRET_API_KEY: 'k',
    });
    expect(env).toEqual({ PATH: '/bin', FW_X: '1' });
  });
});

describe('the permission model flags', () => {
  it('prefer the stable --permission, fall back to --experimental-permission', () => {
    expect(permissionFlag(new Set(['--permission', '--experimental-permission']))).toBe(
      '--permission',
    );
    expect(permissionFlag(new Set(['--experimental-permission']))).toBe(
      '--experimental-permission',
    );
  });

  it('are refused with exit 2 and one line naming the Node needed on a Node without them', () => {
    let error: unknown;
    try {
      permissionFlag(new Set(['--max-old-space-size']), 'v18.20.4');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.InvalidInput);
    expect((error as CliError).message).toMatch(/^--sandbox needs .*Node 20 or later.*v18\.20\.4/);
    expect((error as CliError).message).not.toContain('\n');
  });

  it('are described in one line that is true to the running Node', () => {
    const node20 = sandboxNotice('/box', '--experimental-permission', new Set(), 'v20.20.2');
    expect(node20).toBe(
      'sandbox: task code may read and write only in /box; ' +
        'no child processes, worker threads or addons; ' +
        'the network is not restricted (Node v20.20.2, experimental permission model)',
    );
    const node26 = sandboxNotice('/box', '--permission', new Set(['--allow-net']), 'v26.12.1');
    expect(node26).toMatch(/; no network \(Node v26\.12\.1\)$/);
  });

  it('grant reads of the bundled task runtime and the folder, writes in the folder: never the state or output files', () => {
    const grants = sandboxGrants({ program: '/b/fw.mjs', folder: '/box' });
    expect(grants.read).toEqual(['/b/fw.mjs', '/box']);
    expect(grants.write).toEqual(['/box']);
    expect(permissionArgs('--permission', { read: ['/r'], write: ['/w'] })).toEqual([
      '--permission',
      '--allow-fs-read=/r',
      '--allow-fs-write=/w',
    ]);
    expect(
      permissionArgs(
        '--experimental-permission',
        { read: [], write: [] },
        new Set(['--disable-warning']),
      ),
    ).toEqual(['--experimental-permission', '--disable-warning=ExperimentalWarning']);
  });
});
