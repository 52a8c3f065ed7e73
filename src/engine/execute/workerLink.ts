// Starts one task-runner worker (a Web Worker in browsers, worker_threads in Node) and talks to it
// in plain messages over a MessagePort handed to it first (TaskWorkerConnect): one message per
// batch out, one per report back, nothing else on the hot path. Everything above this file sees a
// plain WorkerLink.
import type {
  AttemptMessage,
  EngineHostMessage,
  EngineWorkerMessage,
  TaskWorkerConnect,
  WorkerReport,
} from '../worker/protocol.ts';
import { decodeResults, encodeRun, type WireResults } from './taskWire.ts';
import type { SerializedError } from '../model/types.ts';
import type * as NodeWorkerThreadsModule from 'node:worker_threads';

/** A live worker, as the pool sees it. */
export interface WorkerLink {
  /**
   * Sends a batch. A batch that cannot be sent (a value structured clone refuses) throws, or
   * returns a promise that rejects; nothing else is waited for.
   */
  run(batch: AttemptMessage[]): void | Promise<void>;
  abort(ids: number[], reason: SerializedError): void;
  /** Ends the worker now (whatever it is running). */
  terminate(): void;
  /** Node: whether the worker may keep the process alive (no-op in browsers). */
  setBusy(busy: boolean): void;
  /**
   * How many attempts the worker has taken from its queue, in the order they were sent (only where
   * shared memory is available; see TaskWorkerConnect.taken).
   */
  taken?(): number;
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

/** Starts a task-runner worker for the current environment, running `concurrency` attempts at once. */
export function spawnWorker(
  events: LinkEvents,
  concurrency = 1,
  reportAwaiting = false,
): Promise<WorkerLink> {
  if (isNodeLike()) return spawnNodeWorker(events, concurrency, reportAwaiting);
  if (typeof Worker === 'undefined')
    return Promise.reject(new Error('Web Workers are not available here'));
  return spawnWebWorker(events, concurrency, reportAwaiting);
}

/**
 * A counter the worker bumps as it takes each attempt, when this runtime can share memory with it
 * (Node; a cross-origin isolated page), and the link's reader for it.
 */
function takenCounter(): { buffer: SharedArrayBuffer; read: () => number } | undefined {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (typeof SharedArrayBuffer === 'undefined' || !(isNodeLike() || isolated)) return undefined;
  const buffer = new SharedArrayBuffer(4);
  const view = new Int32Array(buffer);
  return { buffer, read: () => Atomics.load(view, 0) };
}

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

/** The host end of a worker's port, whichever kind of thread it is. */
interface HostPort {
  post(message: EngineHostMessage): void;
  close(): void;
}

function hasChain(batch: readonly AttemptMessage[]): boolean {
  for (const message of batch) if (message.then) return true;
  return false;
}

/**
 * The link over a worker's port: `run` posts the batch (a value that cannot be cloned throws there,
 * failing that batch alone), reports go to `events` once the worker said `ready`.
 */
function portLink(port: HostPort, life: Lifecycle, events: LinkEvents, end: () => void) {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const link: WorkerLink = {
    run: (batch) => {
      // A batch that starts a chain (rare: once per chain of tasks) keeps the object form.
      port.post(hasChain(batch) ? { type: 'run', batch } : encodeRun(batch));
    },
    abort: (ids, reason) => {
      try {
        port.post({ type: 'abort', ids, reason });
      } catch {
        // A worker that is gone needs no abort.
      }
    },
    terminate: () => {
      life.kill();
      port.close();
      end();
    },
    setBusy: () => undefined,
  };
  const receive = (message: EngineWorkerMessage): void => {
    if (life.isDead()) return;
    if (Array.isArray(message)) events.onReport(decodeResults(message as WireResults));
    else if (message.type === 'report') events.onReport(message.report);
    else if (message.type === 'ready') markReady();
  };
  return { link, receive, ready };
}

type Lifecycle = ReturnType<typeof lifecycle>;

async function spawnWebWorker(
  events: LinkEvents,
  concurrency: number,
  reportAwaiting: boolean,
): Promise<WorkerLink> {
  const life = lifecycle(events);
  // Literal `new Worker(new URL(…), { type: 'module' })`: Vite bundles the worker from this line.
  const worker = new Worker(new URL('../worker/taskRunner.worker.ts', import.meta.url), {
    type: 'module',
  });
  const unreadable = () => life.fail(new Error('Worker sent a message that could not be read'));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    life.fail(new Error(`Worker failed: ${event.message || 'script failed to load or crashed'}`));
  });
  worker.addEventListener('messageerror', unreadable);
  const channel = new MessageChannel();
  const host = channel.port1;
  const { link, receive, ready } = portLink(
    { post: (message) => host.postMessage(message), close: () => host.close() },
    life,
    events,
    () => worker.terminate(),
  );
  host.onmessage = (event: MessageEvent<EngineWorkerMessage>) => receive(event.data);
  host.onmessageerror = unreadable;
  const counter = takenCounter();
  if (counter) link.taken = counter.read;
  const connect: TaskWorkerConnect = {
    type: 'connect',
    port: channel.port2,
    concurrency,
    reportAwaiting,
    ...(counter ? { taken: counter.buffer } : {}),
  };
  worker.postMessage(connect, [channel.port2]);
  await handshake(ready, life, link);
  return link;
}

type NodeWorker = InstanceType<NodeWorkerThreads['Worker']>;

/** A task-runner worker thread, starting (its connect message not sent yet). */
interface NodeThread {
  threads: NodeWorkerThreads;
  worker: NodeWorker;
}

async function startNodeThread(): Promise<NodeThread> {
  // A computed specifier keeps bundlers from pulling worker_threads into browser builds.
  const specifier = 'node:worker_threads';
  const threads = (await import(/* @vite-ignore */ specifier)) as NodeWorkerThreads;
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSource ? '../worker/taskRunner.node.ts' : '../worker/taskRunner.node.js',
    import.meta.url,
  );
  // Not a literal `new URL(…)`: a consumer's bundler must not look for this source-only file.
  const bootstrap = '../worker/nodeBootstrap.mjs';
  const script = fromSource ? new URL(bootstrap, import.meta.url) : entry;
  return {
    threads,
    worker: new threads.Worker(script, { workerData: { flowweaverEntry: entry.href } }),
  };
}

/** The thread `prestartWorker` started, until a spawn takes it; `take` says whether it may. */
let prestarted: Promise<NodeThread & { take(): boolean }> | undefined;

/**
 * Starts one task-runner worker thread now, before any pool asks for it: the next Node spawn in
 * this process takes it, its start (Node's bootstrap of a thread, the runtime's modules) already
 * under way. The CLI calls it as the process starts, while it loads the engine and reads the
 * workflow. Until taken it keeps no process alive; one that failed meanwhile is ended and a fresh
 * one starts in its place. A no-op outside Node, or while one is waiting.
 */
export function prestartWorker(): void {
  if (!isNodeLike() || prestarted) return;
  prestarted = startNodeThread().then((thread) => {
    let failed = false;
    const fail = () => void (failed = true);
    thread.worker.once('error', fail).once('exit', fail).unref();
    const take = () => {
      thread.worker.off('error', fail).off('exit', fail).ref();
      if (failed) void thread.worker.terminate();
      return !failed;
    };
    return { ...thread, take };
  });
  prestarted.catch(() => undefined);
}

/** The pre-started thread if there is one and it is alive (see prestartWorker). */
async function takePrestarted(): Promise<NodeThread | undefined> {
  const waiting = prestarted;
  prestarted = undefined;
  const thread = await waiting?.catch(() => undefined);
  return thread?.take() ? thread : undefined;
}

async function spawnNodeWorker(
  events: LinkEvents,
  concurrency: number,
  reportAwaiting: boolean,
): Promise<WorkerLink> {
  const { threads, worker } = (await takePrestarted()) ?? (await startNodeThread());
  const life = lifecycle(events);
  worker.on('error', (error: Error) => life.fail(error));
  worker.on('exit', (code: number) =>
    life.fail(new Error(`Worker exited unexpectedly with code ${code}`)),
  );
  const channel = new threads.MessageChannel();
  const host = channel.port1;
  const { link, receive, ready } = portLink(
    { post: (message) => host.postMessage(message), close: () => host.close() },
    life,
    events,
    () => void worker.terminate(),
  );
  link.setBusy = (busy) => (busy ? worker.ref() : worker.unref());
  host.on('message', receive);
  host.on('messageerror', () =>
    life.fail(new Error('Worker sent a message that could not be read')),
  );
  // The port never keeps the process alive; a busy worker does (setBusy).
  host.unref();
  const counter = takenCounter();
  if (counter) link.taken = counter.read;
  const connect = {
    type: 'connect',
    port: channel.port2,
    concurrency,
    reportAwaiting,
    ...(counter ? { taken: counter.buffer } : {}),
  };
  worker.postMessage(connect, [channel.port2]);
  await handshake(ready, life, link);
  worker.unref();
  return link;
}

/** Waits for the worker's `ready`; rejects if the worker dies first (so spawning fails cleanly). */
async function handshake(ready: Promise<void>, life: Lifecycle, link: WorkerLink): Promise<void> {
  try {
    await Promise.race([ready, life.failedStart]);
    if (life.isDead()) throw new Error('Worker did not start');
    life.markStarted();
  } catch (error) {
    link.terminate();
    throw error;
  }
}
