// ThreadedExecutor figures (issue 4): CPU speed-up over SequentialExecutor, and no-op throughput
// against piscina with the same worker count, in the same process. Rounds alternate between the
// contenders so that load from elsewhere on the machine hits both alike; medians are reported.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { SequentialExecutor } from '../src/engine/execute/SequentialExecutor.ts';
import { ThreadedExecutor } from '../src/engine/execute/ThreadedExecutor.ts';
import { Task } from '../src/engine/model/Task.ts';
import { Workflow } from '../src/engine/model/Workflow.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const WORKERS = 2;
const ROUNDS = 5;
const NOOPS = 20_000;

/** Loop iterations that take about `ms` in this thread (fixed work, not a clock-based wait). */
function calibrate(ms: number): number {
  let iterations = 1e6;
  for (;;) {
    const t0 = performance.now();
    spin(iterations);
    const took = performance.now() - t0;
    if (took > 20) return Math.round((iterations * ms) / took);
    iterations *= 4;
  }
}

function spin(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + i * i) % 1_000_003;
  return x;
}

function cpuWorkflow(iterations: number): Workflow {
  const wf = new Workflow('cpu');
  const code = `let x = 0; for (let i = 0; i < ${iterations}; i++) x = (x + i * i) % 1000003; return x;`;
  for (let i = 0; i < 16; i++) wf.addTask(new Task(`cpu${i}`, code));
  return wf;
}

function noop(): null {
  return null;
}

function noopWorkflow(): Workflow {
  const wf = new Workflow('noop');
  for (let i = 0; i < NOOPS; i++) wf.addTask(noop, { name: `noop${i}` });
  return wf;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The machine's own ceiling: the same 16 loops on WORKERS bare worker_threads (no engine, no
 * messages beyond "go" and "done") against the calling thread.
 */
function rawWorkers(iterations: number) {
  const source = `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (count) => {
      for (let k = 0; k < count; k++) {
        let x = 0;
        for (let i = 0; i < ${iterations}; i++) x = (x + i * i) % 1000003;
      }
      parentPort.postMessage('done');
    });`;
  const workers = Array.from({ length: WORKERS }, () => new Worker(source, { eval: true }));
  const run = () =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise((done) => {
            w.once('message', done);
            w.postMessage(16 / WORKERS);
          }),
      ),
    );
  return { run, dispose: () => Promise.all(workers.map((w) => w.terminate())) };
}

/** Speed-up of ThreadedExecutor over SequentialExecutor, and of bare workers over one thread. */
async function cpuSpeedup(): Promise<{ engine: number; raw: number; vsRaw: number }> {
  const iterations = calibrate(100);
  const sequential = new SequentialExecutor();
  const threaded = new ThreadedExecutor({ maxWorkers: WORKERS });
  const raw = rawWorkers(iterations);
  await threaded.execute(cpuWorkflow(iterations)); // start and warm the workers
  await raw.run();
  const engine: number[] = [];
  const bare: number[] = [];
  const vsRaw: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const seq = await time(() => sequential.execute(cpuWorkflow(iterations)));
    const par = await time(() => threaded.execute(cpuWorkflow(iterations)));
    const rawPar = await time(raw.run);
    engine.push(seq / par);
    bare.push(seq / rawPar);
    vsRaw.push(rawPar / par);
  }
  await threaded.dispose();
  await raw.dispose();
  return { engine: median(engine), raw: median(bare), vsRaw: median(vsRaw) };
}

async function noopThroughput(): Promise<{ ours: number; piscina: number; ratio: number }> {
  const threaded = new ThreadedExecutor({ maxWorkers: WORKERS });
  // piscina loads its task from a file: a one-line module, written where it cannot litter the repo.
  const filename = join(mkdtempSync(join(tmpdir(), 'fw-bench-')), 'noop.mjs');
  writeFileSync(filename, 'export default function noop() { return null; }\n');
  const pool = new Piscina({
    filename,
    minThreads: WORKERS,
    maxThreads: WORKERS,
  });
  await threaded.execute(noopWorkflow()); // warm: workers up, batch window learnt
  await Promise.all(Array.from({ length: NOOPS }, () => pool.run(null)));
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const wf = noopWorkflow();
    const a = await time(() => threaded.execute(wf));
    const b = await time(() => Promise.all(Array.from({ length: NOOPS }, () => pool.run(null))));
    ours.push((NOOPS / a) * 1000);
    theirs.push((NOOPS / b) * 1000);
    ratios.push(b / a);
  }
  await threaded.dispose();
  await pool.destroy();
  return { ours: median(ours), piscina: median(theirs), ratio: median(ratios) };
}

const speedup = await cpuSpeedup();
const noops = await noopThroughput();
const metrics: BenchMetric[] = [
  {
    name: 'threaded.cpu_speedup',
    value: speedup.engine,
    unit: '×',
    goal: '≥ 1.9',
    met: speedup.engine >= 1.9,
    note: `16 CPU-bound tasks of ~100 ms, ${WORKERS} workers vs SequentialExecutor, median of ${ROUNDS} alternating rounds`,
  },
  {
    name: 'threaded.raw_worker_speedup',
    value: speedup.raw,
    unit: '×',
    note: `the same 16 loops on ${WORKERS} bare worker_threads vs SequentialExecutor, in the same rounds: what this machine allows`,
  },
  {
    name: 'threaded.cpu_speedup_vs_raw',
    value: speedup.vsRaw,
    unit: '×',
    note: 'median per-round ratio of bare-worker time to ThreadedExecutor time: 1.0 = the engine gets all the parallelism bare workers get',
  },
  {
    name: 'threaded.noop_tasks_per_s',
    value: noops.ours,
    unit: 'tasks/s',
    note: `${NOOPS} no-op function tasks through ThreadedExecutor (scheduler included), ${WORKERS} workers`,
  },
  {
    name: 'threaded.piscina_noop_tasks_per_s',
    value: noops.piscina,
    unit: 'tasks/s',
    note: `piscina 5, ${WORKERS} threads, ${NOOPS} no-op run() calls, same process`,
  },
  {
    name: 'threaded.vs_piscina_ratio',
    value: noops.ratio,
    unit: '×',
    goal: '≥ 1.0',
    met: noops.ratio >= 1.0,
    note: 'median of per-round ratios (piscina time / ThreadedExecutor time)',
  },
];
writeBenchResults('threaded', metrics);
