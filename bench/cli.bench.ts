// CLI figures (issue 9): `cli.startup_ms`, from spawning `node bin/flowweaver.mjs run` to the first
// task starting (the task writes a wall-clock stamp to a file), and 10,000 no-op task throughput
// through the CLI with the threaded executor (sequential and async alongside for context).
// Workflow files are generated into a temp dir. Run: `npm run bench -- cli`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/browser.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const STARTUP_RUNS = 7;
const THROUGHPUT_RUNS = 3;
const NOOPS = 10_000;
const BIN = join(REPO_ROOT, 'bin', 'flowweaver.mjs');
const dir = mkdtempSync(join(tmpdir(), 'fw-cli-bench-'));

interface TaskDoc {
  name: string;
  code: string;
  dependsOn: string[];
}

function writeWorkflow(file: string, name: string, tasks: TaskDoc[]): string {
  const path = join(dir, file);
  const doc = { format: 'flowweaver.workflow', version: 1, id: name, name, tasks };
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

/** Wall-clock ms with sub-ms precision, comparable across processes on this machine. */
const wallNow = () => performance.timeOrigin + performance.now();

// The first task stamps the wall clock the moment its code starts (inside the worker).
const STAMP_CODE =
  "const fs = await import('node:fs');\n" +
  'fs.writeFileSync(process.env.FW_STAMP, String(performance.timeOrigin + performance.now()));\n' +
  'return 1;';
const startupFile = writeWorkflow('startup.json', 'cli-startup', [
  { name: 'first', code: STAMP_CODE, dependsOn: [] },
]);
const noopFile = writeWorkflow(
  'noop10k.json',
  'cli-noop-10k',
  Array.from({ length: NOOPS }, (_, i) => ({ name: `t${i}`, code: 'return null;', dependsOn: [] })),
);

interface CliRun {
  spawnedAt: number;
  exitedAt: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const spawnedAt = wallNow();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep only the tail: the summary line is last, and 10,000 progress lines need not pile up.
      stderr = (stderr + chunk).slice(-4096);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ spawnedAt, exitedAt: wallNow(), stdout, stderr, code }));
  });
}

function check(run: CliRun, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}:\n${run.stderr}`);
}

// 1. Startup: spawn → first task's code running.
const startups: number[] = [];
const totals: number[] = [];
const stampFile = join(dir, 'stamp');
await runCli(['run', startupFile, '--executor', 'threaded'], { FW_STAMP: stampFile }); // warm caches
for (let i = 0; i < STARTUP_RUNS; i++) {
  rmSync(stampFile, { force: true });
  const run = await runCli(['run', startupFile, '--executor', 'threaded'], { FW_STAMP: stampFile });
  check(run, 'startup run');
  startups.push(Number(readFileSync(stampFile, 'utf8')) - run.spawnedAt);
  totals.push(run.exitedAt - run.spawnedAt);
}

// 2. Throughput of 10,000 independent no-op code tasks, per executor.
const throughput: Record<string, { run: number; endToEnd: number }> = {};
for (const executor of ['threaded', 'async', 'sequential']) {
  const runRates: number[] = [];
  const endToEndRates: number[] = [];
  for (let i = 0; i < THROUGHPUT_RUNS; i++) {
    const run = await runCli(['run', noopFile, '--executor', executor, '--json']);
    check(run, `${executor} 10k run`);
    const result = JSON.parse(run.stdout) as { startedAt: number; finishedAt: number };
    const ms = result.finishedAt - result.startedAt;
    runRates.push((NOOPS / Math.max(ms, 1)) * 1000);
    endToEndRates.push((NOOPS / (run.exitedAt - run.spawnedAt)) * 1000);
  }
  throughput[executor] = { run: median(runRates), endToEnd: median(endToEndRates) };
}
rmSync(dir, { recursive: true, force: true });

const metrics: BenchMetric[] = [
  {
    name: 'cli.startup_ms',
    value: median(startups),
    unit: 'ms',
    goal: 'recorded',
    note: `spawn of \`node bin/flowweaver.mjs run\` (threaded) → first task's code running (stamp from inside the worker); median of ${STARTUP_RUNS}, min ${Math.min(...startups).toFixed(0)}, max ${Math.max(...startups).toFixed(0)}`,
  },
  {
    name: 'cli.process_total_ms.1task',
    value: median(totals),
    unit: 'ms',
    note: 'spawn → exit for the same one-task workflow (includes worker shutdown)',
  },
];
for (const [executor, t] of Object.entries(throughput)) {
  const main = executor === 'threaded';
  metrics.push(
    {
      name: main ? 'cli.throughput_tasks_per_s' : `cli.throughput_tasks_per_s.${executor}`,
      value: t.run,
      unit: 'tasks/s',
      ...(main ? { goal: 'recorded' } : {}),
      note: `${NOOPS} independent no-op code tasks, --executor ${executor}${main ? ' (default worker count)' : ''}; run time = RunResult finishedAt − startedAt from --json (plain per-task progress lines to a pipe included); median of ${THROUGHPUT_RUNS}`,
    },
    {
      name: `cli.end_to_end_tasks_per_s.${executor}`,
      value: t.endToEnd,
      unit: 'tasks/s',
      note: 'same runs, spawn → exit (startup, file load and validation included)',
    },
  );
}
writeBenchResults('cli', metrics);
