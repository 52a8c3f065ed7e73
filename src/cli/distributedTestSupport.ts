// Test support for the distributed executor (issue 19): a ~50-task workflow with failures,
// retries, a timeout, trigger rules and a branch whose tasks append a line to a ledger file when
// they complete (task name, attempt, the id of the process that ran it); `flowweaver` worker and
// coordinator processes; what a state file recorded.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BIN } from './cliTestSupport.ts';

interface TaskDoc {
  name: string;
  code: string;
  dependsOn: string[];
  [option: string]: unknown;
}

/**
 * Code that waits `ms`, then appends `<task> <attempt> <pid>` to `$FW_LEDGER_DIR/<runId>.txt` and
 * returns `value`.
 */
function completes(ms: number, value: string): string {
  return [
    `await new Promise((resolve) => setTimeout(resolve, ${ms}));`,
    "const fs = await import('node:fs');",
    'const line = `${ctx.taskName} ${ctx.attempt} ${process.pid}\\n`;',
    'fs.appendFileSync(`${process.env.FW_LEDGER_DIR}/${ctx.runId}.txt`, line);',
    `return ${value};`,
  ].join('\n');
}

/** The fault-test workflow: 52 tasks, about 2 s on six slots. */
export function faultWorkflow(): object {
  const tasks: TaskDoc[] = [];
  const add = (name: string, dependsOn: string[], code: string, options: object = {}) =>
    tasks.push({ name, code, dependsOn, ...options });
  const pause = (i: number) => 80 + ((i * 37) % 150);
  add('src', [], completes(100, '1'));
  const width = 14;
  for (let i = 0; i < width; i++) add(`l1_${i}`, ['src'], completes(pause(i), `src + ${i}`));
  for (let i = 0; i < width; i++) {
    const a = `l1_${i}`;
    const b = `l1_${(i + 1) % width}`;
    add(
      `l2_${i}`,
      [a, b],
      completes(pause(i + 3), `inputs[${JSON.stringify(a)}] * 2 + inputs[${JSON.stringify(b)}]`),
    );
  }
  for (let i = 0; i < width / 2; i++) {
    const deps = [`l2_${2 * i}`, `l2_${2 * i + 1}`];
    add(`l3_${i}`, deps, completes(pause(i + 7), deps.map((d) => `inputs.${d}`).join(' + ')));
  }
  // Flaky: the first attempt fails, the retry (delay, exponential backoff, jitter) completes.
  for (let i = 0; i < 4; i++)
    add(
      `flaky_${i}`,
      ['src'],
      `if (ctx.attempt === 1) throw new Error('flaky first attempt');\n${completes(pause(i), `10 + ${i}`)}`,
      { retries: 2, retryDelayMs: 40, backoff: 'exponential', jitter: true },
    );
  // Always failing, with a retry; one has a handler (one_failed), one a downstream that is skipped.
  add('bad_0', ['src'], "throw new Error('bad_0 always fails');", { retries: 1, retryDelayMs: 20 });
  add('bad_1', ['src'], "throw new Error('bad_1 always fails');");
  add('on_bad', ['bad_0'], completes(50, "'handled'"), { triggerRule: 'one_failed' });
  add('after_bad', ['bad_1'], completes(50, "'never'"));
  // Times out (the coordinator's timeout; the worker kills the thread); all_done runs after it.
  add('slow', ['src'], 'await new Promise((resolve) => setTimeout(resolve, 60000));\nreturn 0;', {
    timeoutMs: 400,
  });
  add('after_slow', ['slow'], completes(50, "'after timeout'"), { triggerRule: 'all_done' });
  // A branch: picks left; right and its downstream are skipped.
  add('pick', ['l1_0'], completes(60, "'left'"), { branch: true });
  add('left', ['pick'], completes(60, "'L'"));
  add('right', ['pick'], completes(60, "'R'"));
  add('left_next', ['left'], completes(60, "left + '!'"));
  add('right_next', ['right'], completes(60, "right + '!'"));
  const sinks = [
    ...Array.from({ length: width / 2 }, (_, i) => `l3_${i}`),
    'flaky_0',
    'flaky_1',
    'flaky_2',
    'flaky_3',
  ];
  add('join', sinks, completes(50, sinks.map((s) => `inputs.${s}`).join(' + ')));
  return { format: 'flowweaver.workflow', version: 1, id: 'fault-test', name: 'Fault test', tasks };
}

/** A started `flowweaver` process. */
export interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `flowweaver <args>` (stdout ignored, stderr kept). */
export function flowweaver(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, stderr: () => text, exit };
}

/** SIGKILLs every process this module started that is still running. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Resolves when `check()` holds, polling (the test's own timeout is the limit). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** Starts a worker and resolves once it takes attempts. */
export async function startWorker(url: string, queue: string, ledgerDir: string): Promise<Proc> {
  const worker = flowweaver(['worker', '--redis', url, '--queue', queue, '--concurrency', '2'], {
    FW_LEDGER_DIR: ledgerDir,
  });
  await until(() => worker.stderr().includes('taking attempts') || worker.child.exitCode !== null);
  if (worker.child.exitCode !== null) throw new Error(`worker did not start:\n${worker.stderr()}`);
  return worker;
}

/** One line of a ledger: a task's code ran to its end in this attempt, in this process. */
export interface LedgerLine {
  task: string;
  attempt: number;
  pid: number;
}

/** The lines of a ledger, in the order they were written. */
export function ledgerLines(file: string): LedgerLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [task = '', attempt, pid] = line.split(' ');
      return { task, attempt: Number(attempt), pid: Number(pid) };
    });
}

/** Task names in a ledger, each with how many times its code ran to its end. */
export function ledger(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { task } of ledgerLines(file)) counts.set(task, (counts.get(task) ?? 0) + 1);
  return counts;
}

/** One task as the JSON state file records it. */
export interface RecordedTask {
  name: string;
  status: string;
  error?: { message: string };
  result?: unknown;
  attemptHistory?: { attempt: number; outcome: string }[];
}

/** The tasks of the only run in a JSON state file. */
export function recordedTasks(file: string): Record<string, RecordedTask> {
  const state = JSON.parse(readFileSync(file, 'utf8')) as {
    runs: Record<string, Record<string, { tasks: Record<string, RecordedTask> }>>;
  };
  const run = Object.values(state.runs).flatMap((byId) => Object.values(byId))[0];
  return run?.tasks ?? {};
}

/** Status and result of every task: what must match between a distributed and a local run. */
export function outcome(tasks: Record<string, RecordedTask>): Record<string, [string, unknown]> {
  return Object.fromEntries(
    Object.entries(tasks)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, t]) => [name, [t.status, t.status === 'completed' ? t.result : undefined]]),
  );
}
