// Bench page for bench/threadedBrowser.bench.ts: ThreadedExecutor on real Web Workers (module
// workers served by Vite) against the in-thread executors, in the same page, driven through
// `window.threadedBench` by Playwright. Timings are taken in the page with performance.now().
import {
  AsyncExecutor,
  SequentialExecutor,
  Task,
  ThreadedExecutor,
  Workflow,
  type Executor,
} from '../../src/engine/index.ts';

const WORKERS = 2;
let threaded: ThreadedExecutor | undefined;
let echo: { worker: Worker; port: MessagePort; url: string } | undefined;

/** A bare Web Worker that echoes every message, on itself and on a MessagePort it is handed. */
function echoWorker(): { worker: Worker; port: MessagePort; url: string } {
  const source = `onmessage = (e) => {
    if (e.ports[0]) { const port = e.ports[0]; port.onmessage = (m) => port.postMessage(m.data); }
    else postMessage(e.data);
  };`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  const channel = new MessageChannel();
  worker.postMessage('port', [channel.port2]);
  return { worker, port: channel.port1, url };
}

/** `n` sequential round trips of a small message to `target` and back, in ms. */
function roundTrips(target: Worker | MessagePort, n: number): Promise<number> {
  return new Promise((resolve) => {
    let left = n;
    const t0 = performance.now();
    target.onmessage = () => {
      if (--left > 0) return target.postMessage({ id: left, type: 'echo' });
      target.onmessage = null;
      resolve(performance.now() - t0);
    };
    target.postMessage({ id: left, type: 'echo' });
  });
}

function noop(): null {
  return null;
}

function noopWorkflow(shape: 'independent' | 'chain', n: number): Workflow {
  const wf = new Workflow(`noop-${shape}-${n}`);
  for (let i = 0; i < n; i++) {
    wf.addTask(noop, { name: `t${i}`, dependsOn: shape === 'chain' && i > 0 ? [`t${i - 1}`] : [] });
  }
  return wf;
}

const SPIN = (iterations: number) =>
  `let x = 0; for (let i = 0; i < ${iterations}; i++) x = (x + i * i) % 1000003; return x;`;

function cpuWorkflow(iterations: number): Workflow {
  const wf = new Workflow('cpu');
  for (let i = 0; i < 16; i++) wf.addTask(new Task(`cpu${i}`, SPIN(iterations)));
  return wf;
}

async function time(executor: Executor, wf: Workflow): Promise<number> {
  const t0 = performance.now();
  await wf.execute(executor);
  return performance.now() - t0;
}

const threadedBench = {
  workers: WORKERS,

  /** Starts the pool and runs one task, so the first measured round does not pay worker start-up. */
  async warm(): Promise<number> {
    threaded ??= new ThreadedExecutor({ maxWorkers: WORKERS });
    const t0 = performance.now();
    await noopWorkflow('independent', WORKERS * 2).execute(threaded);
    return performance.now() - t0;
  },

  /** One round of n no-op tasks: ThreadedExecutor and AsyncExecutor, in the given order. */
  async noopRound(
    shape: 'independent' | 'chain',
    n: number,
    threadedFirst: boolean,
  ): Promise<{ threaded: number; async: number }> {
    threaded ??= new ThreadedExecutor({ maxWorkers: WORKERS });
    const inThread = new AsyncExecutor();
    if (threadedFirst) {
      const a = await time(threaded, noopWorkflow(shape, n));
      return { threaded: a, async: await time(inThread, noopWorkflow(shape, n)) };
    }
    const b = await time(inThread, noopWorkflow(shape, n));
    return { threaded: await time(threaded, noopWorkflow(shape, n)), async: b };
  },

  /**
   * One round of a chain of n no-op tasks under ThreadedExecutor and n bare round trips to an echo
   * worker (over the Worker and over a MessagePort), the bare ones before or after the chain.
   */
  async chainRound(
    n: number,
    bareFirst: boolean,
  ): Promise<{ chain: number; viaWorker: number; viaPort: number }> {
    threaded ??= new ThreadedExecutor({ maxWorkers: WORKERS });
    echo ??= echoWorker();
    const bare = async () => ({
      viaWorker: await roundTrips(echo!.worker, n),
      viaPort: await roundTrips(echo!.port, n),
    });
    const before = bareFirst ? await bare() : undefined;
    const chain = await time(threaded, noopWorkflow('chain', n));
    return { chain, ...(before ?? (await bare())) };
  },

  /** Loop iterations of the task body that take about `ms` on this page's main thread. */
  calibrate(ms: number): number {
    let iterations = 1e6;
    for (;;) {
      const t0 = performance.now();
      let x = 0;
      for (let i = 0; i < iterations; i++) x = (x + i * i) % 1000003;
      const took = performance.now() - t0;
      if (x < 0) throw new Error('unreachable');
      if (took > 20) return Math.round((iterations * ms) / took);
      iterations *= 4;
    }
  },

  /** One round of 16 CPU-bound code tasks: SequentialExecutor (in-thread) and ThreadedExecutor. */
  async cpuRound(iterations: number): Promise<{ inThread: number; threaded: number }> {
    threaded ??= new ThreadedExecutor({ maxWorkers: WORKERS });
    const inThread = await time(new SequentialExecutor(), cpuWorkflow(iterations));
    const par = await time(threaded, cpuWorkflow(iterations));
    return { inThread, threaded: par };
  },

  /**
   * The control: the same 16 loops on 2 bare Web Workers (a Blob-URL worker, no engine) vs on the
   * main thread. What the machine gives right now; the engine's speed-up is read against it.
   */
  async rawRound(iterations: number): Promise<{ inThread: number; workers: number }> {
    const t0 = performance.now();
    for (let i = 0; i < 16; i++) {
      let x = 0;
      for (let j = 0; j < iterations; j++) x = (x + j * j) % 1000003;
      if (x < 0) throw new Error('unreachable');
    }
    const inThread = performance.now() - t0;
    const source = `onmessage = (e) => { const n = e.data; let x = 0; for (let i = 0; i < n; i++) x = (x + i * i) % 1000003; postMessage(x); };`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const workers = Array.from({ length: WORKERS }, () => new Worker(url));
    // Warm each worker with a tiny job so start-up is not timed, as the engine's pool is warm.
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((r) => {
            w.onmessage = r;
            w.postMessage(1);
          }),
      ),
    );
    const t1 = performance.now();
    let next = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const take = () => {
              if (next >= 16) return resolve();
              next++;
              w.postMessage(iterations);
            };
            w.onmessage = take;
            take();
          }),
      ),
    );
    const par = performance.now() - t1;
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
    return { inThread, workers: par };
  },

  async dispose(): Promise<void> {
    await threaded?.dispose();
    threaded = undefined;
    if (echo) {
      echo.worker.terminate();
      echo.port.close();
      URL.revokeObjectURL(echo.url);
      echo = undefined;
    }
  },
};

Object.assign(window, { threadedBench, benchReady: true });
export type ThreadedBench = typeof threadedBench;
