// The launcher's end of the sandboxed task processes (`flowweaver run --sandbox`): each is a Node
// process under the permission model that runs attempts sent over its IPC channel, as a worker of
// the engine's pool (a SpawnWorker). The scheduler, the state store, the outputs and the timers
// stay in the launcher: a task that never yields is ended with its process, and task code cannot
// reach the state file. Task code shares its process with the runtime, so every report is checked
// before a word of it is believed (as the app checks its sandbox's reports).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { LinkEvents, SandboxHostMessage, SpawnWorker, WorkerLink } from '../engine/index.ts';
import { validateReport } from '../runner/validateReport.ts';
import { SECRET_ENV_PREFIX } from './runInputs.ts';

/** How to start the sandboxed task processes. */
export interface TaskProcessOptions {
  /** `node` and its permission flags, up to the program (see sandbox.ts). */
  nodeArgs: readonly string[];
  /** The bundled task process (src/engine/worker/taskRunner.process.ts). */
  program: string;
  /** Working directory: the sandbox folder. */
  cwd: string;
  /** Where their stray output (console use outside any attempt, Node's own warnings) goes. */
  stderr: NodeJS.WritableStream;
}

interface Refable {
  ref?(): void;
  unref?(): void;
}

/** Processes alive: a forced exit (second Ctrl+C) takes them along. */
const alive = new Set<ChildProcess>();
const killAll = (): void => {
  for (const child of alive) child.kill('SIGKILL');
};

/**
 * The environment of a task process: the launcher's, without NODE_OPTIONS (which could widen the
 * permission flags or preload code) and without the secrets' variables: a task gets only the
 * secrets it declares, with its attempt.
 */
export function taskProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env))
    if (key !== 'NODE_OPTIONS' && !key.startsWith(SECRET_ENV_PREFIX)) out[key] = value;
  return out;
}

/** util-linux's setpriv, in every Debian and most Linux systems. */
const SETPRIV = '/usr/bin/setpriv';
let deathSignal: readonly string[] | undefined;

/**
 * What a task process's command starts with so that it dies with the launcher even when the
 * launcher is SIGKILLed (no exit handler runs then) while its task never yields: on Linux, setpriv
 * sets the parent-death signal (prctl PR_SET_PDEATHSIG) and execs Node, keeping the pid and the
 * IPC channel. Elsewhere nothing: such a process ends once its task yields (the channel closed).
 */
function dieWithLauncher(): readonly string[] {
  deathSignal ??=
    process.platform === 'linux' && existsSync(SETPRIV)
      ? [SETPRIV, '--pdeathsig', 'KILL', '--']
      : [];
  return deathSignal;
}

/** A SpawnWorker for the pool: sandboxed task processes running `concurrency` attempts at once. */
export function taskProcessSpawner(options: TaskProcessOptions, concurrency: number): SpawnWorker {
  return (events) => startTaskProcess(options, concurrency, events);
}

function startTaskProcess(
  options: TaskProcessOptions,
  concurrency: number,
  events: LinkEvents,
): Promise<WorkerLink> {
  const [command, ...args] = [
    ...dieWithLauncher(),
    process.execPath,
    ...options.nodeArgs,
    options.program,
    String(concurrency),
  ];
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: taskProcessEnv(),
    // Pipes, not this process's own streams: a process left spinning after the launcher was
    // killed must not hold the launcher's output open.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  alive.add(child);
  if (alive.size === 1) process.on('exit', killAll);
  for (const stream of [child.stdout, child.stderr]) stream?.pipe(options.stderr, { end: false });
  let started = false;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    alive.delete(child);
    if (alive.size === 0) process.off('exit', killAll);
    child.kill('SIGKILL');
  };
  const send = (message: SandboxHostMessage): void => {
    if (!ended && child.connected) child.send(message);
  };
  const link: WorkerLink = {
    run: (batch) => send({ type: 'run', batch }),
    abort: (ids, reason) => send({ type: 'abort', ids, reason }),
    terminate: end,
    setBusy: (busy) => {
      // An idle process must not keep the launcher alive (the pool ends it after its idle time).
      // (Its pipes are sockets, which Node's types call plain streams.)
      const handles = [child, child.channel, child.stdout, child.stderr] as (Refable | null)[];
      for (const handle of handles) {
        if (busy) handle?.ref?.();
        else handle?.unref?.();
      }
    },
  };
  return new Promise<WorkerLink>((resolve, reject) => {
    const fail = (error: Error): void => {
      if (ended) return;
      end();
      if (started) events.onExit(error);
      else reject(error);
    };
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      fail(new Error(`the sandboxed task process exited (${signal ?? `code ${code}`})`)),
    );
    child.on('message', (data: { type?: unknown; report?: unknown } | null) => {
      if (ended) return;
      if (!started && data?.type === 'ready') {
        started = true;
        resolve(link);
        return;
      }
      const report = started && data?.type === 'report' ? validateReport(data.report) : null;
      if (report) events.onReport(report);
      else fail(new Error('the sandboxed task process sent a message that is not a report'));
    });
  });
}
