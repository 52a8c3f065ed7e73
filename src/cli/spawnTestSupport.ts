// Test helpers for runs that are killed or interrupted on purpose: a started `flowweaver` process
// the test can signal, the state file it left, and waits on files (outcomes, never clocks).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BIN } from './cliTestSupport.ts';

/** A running `flowweaver` command. */
export interface Started {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it) and what it printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const alive = new Set<ChildProcess>();

/** Ends (SIGKILL) every started command still running: call it after each test. */
export function killLeftovers(): void {
  for (const child of alive) child.kill('SIGKILL');
  alive.clear();
}

/** Starts `flowweaver <args>` without waiting for it. */
export function start(args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  alive.add(child);
  child.on('exit', () => alive.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
  return { child, exited };
}

/** Runs `flowweaver <args>` to its end (killed by `killLeftovers` if the test gives up first). */
export const finished = (args: string[], env: Record<string, string> = {}) =>
  start(args, env).exited;

/** Polls until `check` is true (the test's own timeout is the limit). */
export async function waitFor(check: () => boolean, everyMs = 20): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

/** The lines of a file, or none when it does not exist yet. */
export const linesOf = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/** A task as the JSON state file keeps it. */
export interface StoredTask {
  status: string;
  result?: unknown;
  error?: { message: string; name?: string };
}

/** The tasks and run status of the only run in a JSON state file (none when there is no file). */
export function storedRun(file: string): {
  status?: string;
  tasks: Record<string, StoredTask>;
} {
  if (!existsSync(file)) return { tasks: {} };
  const state = JSON.parse(readFileSync(file, 'utf8')) as {
    runs: Record<
      string,
      Record<string, { run?: { status: string }; tasks: Record<string, StoredTask> }>
    >;
  };
  const run = Object.values(state.runs).flatMap((runs) => Object.values(runs))[0];
  return run ? { ...(run.run ? { status: run.run.status } : {}), tasks: run.tasks } : { tasks: {} };
}

/** Names of the tasks a JSON state file records as completed. */
export const completedIn = (file: string): string[] =>
  Object.entries(storedRun(file).tasks)
    .filter(([, task]) => task.status === 'completed')
    .map(([name]) => name);
