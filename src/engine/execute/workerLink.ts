// The engine's only comlink user: starts one task-runner worker (a Web Worker in browsers,
// worker_threads in Node) and talks to it. Everything above this file sees a plain WorkerLink.
import { expose, transfer, wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { AttemptMessage, HostSink, WorkerApi, WorkerReport } from '../../worker/protocol.ts';
import type { SerializedError } from '../model/types.ts';
import type * as NodeWorkerThreadsModule from 'node:worker_threads';

/** A live worker, as the pool sees it. */
export interface WorkerLink {
  run(batch: AttemptMessage[]): Promise<void>;
  abort(ids: number[], reason: SerializedError): void;
  /** Ends the worker now (whatever it is running). */
  terminate(): void;
  /** Node: whether the worker may keep the process alive (no-op in browsers). */
  setBusy(busy: boolean): void;
}

/** What a link reports back. */
export interface LinkEvents {
  onReport(report: WorkerReport): void;
  /** The worker died or failed without a report (exit, OOM, load failure). */
  onExit(error: Error): void;
}

/** Starts a worker; resolves once it answered, rejects when workers cannot be created here. */
export type SpawnWorker = (events: LinkEvents) => Promise<WorkerLink>;

type NodeWorkerThreads = typeof NodeWorkerThreadsModule;

/** True in Node (and runtimes that emulate it): worker_threads rather than Web Workers. */
export function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/** Starts a task-runner worker for the current environment. */
export const spawnWorker: SpawnWorker = (events) => {
  if (isNodeLike()) return spawnNodeWorker(events);
  if (typeof Worker === 'undefined')
    return Promise.reject(new Error('Web Workers are not available here'));
  return spawnWebWorker(events);
};

/** Death before the handshake rejects the spawn; after it, it is reported through `onExit`. */
function lifecycle(events: LinkEvents) {
  let dead = false;
  let started = false;
  let rejectStart: (error: Error) => void = () => undefined;
  const failedStart = new Promise<never>((_, reject) => (rejectStart = reject));
  failedStart.catch(() => undefined);
  return {
    failedStart,
    isDead: () => dead,
    markStarted: () => void (started = true),
    kill: () => void (dead = true),
    fail(error: Error): void {
      if (dead) return;
      dead = true;
      if (started) events.onExit(error);
      else rejectStart(error);
    },
  };
}

async function spawnWebWorker(events: LinkEvents): Promise<WorkerLink> {
  const life = lifecycle(events);
  // Literal `new Worker(new URL(…), { type: 'module' })`: Vite bundles the worker from this line.
  const worker = new Worker(new URL('../../worker/taskRunner.worker.ts', import.meta.url), {
    type: 'module',
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    life.fail(new Error(`Worker failed: ${event.message || 'script failed to load or crashed'}`));
  });
  worker.addEventListener('messageerror', () =>
    life.fail(new Error('Worker sent a message that could not be read')),
  );
  const api = wrap<WorkerApi>(worker);
  const channel = new MessageChannel();
  expose(hostSink(events), channel.port1);
  const link: WorkerLink = {
    run: (batch) => api.run(batch),
    abort: (ids, reason) => void api.abort(ids, reason).catch(() => undefined),
    terminate: () => {
      life.kill();
      worker.terminate();
      channel.port1.close();
    },
    setBusy: () => undefined,
  };
  await handshake(api, channel.port2, life, link);
  return link;
}

async function spawnNodeWorker(events: LinkEvents): Promise<WorkerLink> {
  // A computed specifier keeps bundlers from pulling worker_threads into browser builds.
  const specifier = 'node:worker_threads';
  const threads = (await import(/* @vite-ignore */ specifier)) as NodeWorkerThreads;
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSource ? '../../worker/taskRunner.node.ts' : '../../worker/taskRunner.node.js',
    import.meta.url,
  );
  const script = fromSource ? new URL('../../worker/nodeBootstrap.mjs', import.meta.url) : entry;
  const life = lifecycle(events);
  const worker = new threads.Worker(script, { workerData: { flowweaverEntry: entry.href } });
  worker.on('error', (error: Error) => life.fail(error));
  worker.on('exit', (code: number) =>
    life.fail(new Error(`Worker exited unexpectedly with code ${code}`)),
  );
  const api = wrap<WorkerApi>(nodeEndpoint(worker));
  const channel = new threads.MessageChannel();
  expose(hostSink(events), nodeEndpoint(channel.port1));
  channel.port1.unref();
  const link: WorkerLink = {
    run: (batch) => api.run(batch),
    abort: (ids, reason) => void api.abort(ids, reason).catch(() => undefined),
    terminate: () => {
      life.kill();
      void worker.terminate();
      channel.port1.close();
    },
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
  };
  await handshake(api, channel.port2 as unknown as MessagePort, life, link);
  worker.unref();
  return link;
}

function hostSink(events: LinkEvents): HostSink {
  return { report: (report) => events.onReport(report) };
}

/** Sends the report port; rejects if the worker dies first (so spawning fails cleanly). */
async function handshake(
  api: Remote<WorkerApi>,
  port: MessagePort,
  life: ReturnType<typeof lifecycle>,
  link: WorkerLink,
): Promise<void> {
  try {
    const reply = await Promise.race([api.connect(transfer(port, [port])), life.failedStart]);
    if (reply !== 'ready' || life.isDead())
      throw new Error(`Worker did not start (replied ${String(reply)})`);
    life.markStarted();
  } catch (error) {
    link.terminate();
    throw error;
  }
}
