// Engine benchmark: build + validate, no-op throughput against p-graph on the same DAGs, growth
// from 10,000 to 100,000 tasks, and peak memory. One process, median of ≥ 5 runs per figure.
// Run: `npx tsx bench/engine.bench.ts` (or `npm run bench -- engine`).
import { PGraph } from 'p-graph';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { AsyncExecutor, SequentialExecutor, Workflow, type Executor } from '../src/engine/index.ts';
import { median, timeRuns, writeBenchResults, type BenchMetric } from './lib/report.ts';

const RUNS = 5;
type Shape = 'chain' | 'independent' | 'layered';

/** Dependencies of task i: a chain, nothing, or fan-in 2 from the previous layer of `width`. */
function depsOf(shape: Shape, i: number, width = 100): string[] {
  if (shape === 'chain') return i === 0 ? [] : [`t${i - 1}`];
  if (shape === 'independent' || i < width) return [];
  const base = i - width;
  const other = i % width === width - 1 ? base - 1 : base + 1;
  return [`t${base}`, `t${other}`];
}

function buildWorkflow(shape: Shape, n: number, fn: () => unknown = () => undefined): Workflow {
  const wf = new Workflow(`${shape}-${n}`);
  for (let i = 0; i < n; i++) wf.addTask(fn, { name: `t${i}`, dependsOn: depsOf(shape, i) });
  return wf;
}

function buildPGraph(shape: Shape, n: number): PGraph {
  const nodes = new Map<string, { run: () => Promise<void> }>();
  const edges: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    nodes.set(`t${i}`, { run: () => Promise.resolve() });
    for (const d of depsOf(shape, i)) edges.push([d, `t${i}`]);
  }
  return new PGraph(nodes, edges);
}

const gc = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

async function medianMs(fn: () => unknown): Promise<number> {
  gc();
  return median(await timeRuns(RUNS, fn));
}

const metrics: BenchMetric[] = [];
const perSecond = (n: number, ms: number) => (n / ms) * 1000;

// 1. Build + validate (layered, fan-in 2).
for (const n of [10_000, 100_000]) {
  const ms = await medianMs(() => buildWorkflow('layered', n).validate());
  metrics.push({
    name: `engine.build_validate_ms.${n / 1000}k`,
    value: ms,
    unit: 'ms',
    ...(n === 100_000 ? { goal: '< 1000', met: ms < 1000 } : {}),
    note: 'addTask (all checks) + validate()',
  });
}
{
  const wf = buildWorkflow('layered', 100_000);
  const ms = await medianMs(() => wf.getValidationIssues());
  metrics.push({
    name: 'engine.full_validation_ms.100k',
    value: ms,
    unit: 'ms',
    note: 'getValidationIssues(): names, deps, cycles',
  });
}

// 2. Throughput, ours vs p-graph on the same DAG in the same process.
const executors: [string, () => Executor, number][] = [
  ['sequential', () => new SequentialExecutor(), 1],
  ['async', () => new AsyncExecutor(), 50],
];
const cases: [Shape, number][] = [
  ['chain', 10_000],
  ['independent', 10_000],
  ['layered', 10_000],
  ['layered', 100_000],
];

for (const [shape, n] of cases) {
  const wf = buildWorkflow(shape, n);
  const asyncWf = buildWorkflow(shape, n, async () => undefined);
  const pg = buildPGraph(shape, n);
  const label = `${shape}${n / 1000}k`;
  for (const [kind, make, concurrency] of executors) {
    const ours = await medianMs(() => wf.execute(make()));
    const oursAsyncFn = await medianMs(() => asyncWf.execute(make()));
    const theirs = await medianMs(() => pg.run({ concurrency }));
    const ratio = theirs / ours;
    const gated = shape === 'layered';
    metrics.push(
      {
        name: `engine.noop_tasks_per_s.${label}.${kind}`,
        value: perSecond(n, ours),
        unit: 'tasks/s',
      },
      {
        name: `engine.noop_tasks_per_s.${label}.${kind}_asyncfn`,
        value: perSecond(n, oursAsyncFn),
        unit: 'tasks/s',
        note: 'same DAG, every task an async no-op',
      },
      {
        name: `engine.pgraph_tasks_per_s.${label}.c${concurrency}`,
        value: perSecond(n, theirs),
        unit: 'tasks/s',
      },
      {
        name: `engine.vs_pgraph_ratio.${label}.${kind}`,
        value: ratio,
        unit: '×',
        ...(gated ? { goal: '≥ 3', met: ratio >= 3 } : {}),
        note: `p-graph concurrency ${concurrency}; async-fn ratio ${(theirs / oursAsyncFn).toFixed(2)}×`,
      },
    );
  }
}

// 3. Linear growth: time(100k) ≤ 12 × time(10k) on the layered DAG. The two sizes run
// interleaved (10k, 100k, 10k, …) after one warm-up each, so both see the same JIT state and the
// same heap; medians of LINEARITY_RUNS each. p-graph's own growth, measured the same way, is the
// context.
const LINEARITY_RUNS = 15;
async function interleaved(small: () => unknown, big: () => unknown): Promise<[number, number]> {
  await small();
  await big();
  gc();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < LINEARITY_RUNS; i++) {
    let start = performance.now();
    await small();
    a.push(performance.now() - start);
    start = performance.now();
    await big();
    b.push(performance.now() - start);
  }
  return [median(a), median(b)];
}
{
  const small = buildWorkflow('layered', 10_000);
  const big = buildWorkflow('layered', 100_000);
  const pgSmall = buildPGraph('layered', 10_000);
  const pgBig = buildPGraph('layered', 100_000);
  for (const [kind, make, concurrency] of executors) {
    const [ms10k, ms100k] = await interleaved(
      () => small.execute(make()),
      () => big.execute(make()),
    );
    const [pg10k, pg100k] = await interleaved(
      () => pgSmall.run({ concurrency }),
      () => pgBig.run({ concurrency }),
    );
    const ratio = ms100k / ms10k;
    metrics.push({
      name: `engine.linearity_100k_vs_10k.${kind}`,
      value: ratio,
      unit: '×',
      goal: '≤ 12',
      met: ratio <= 12,
      note: `${ms10k.toFixed(1)} ms → ${ms100k.toFixed(1)} ms, the sizes interleaved, median of ${LINEARITY_RUNS} each; p-graph measured the same way: ${(pg100k / pg10k).toFixed(1)}×`,
    });
  }
}

// 4. Peak memory of one 100,000-task run (heap sampled while it runs; sync tasks yield every ~12 ms).
{
  const wf = buildWorkflow('layered', 100_000);
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, 1);
  await wf.execute(new AsyncExecutor());
  sample();
  clearInterval(timer);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  metrics.push(
    {
      name: 'engine.peak_heap_delta_mb.layered100k',
      value: mb(peakHeap - before.heapUsed),
      unit: 'MB',
      note: 'AsyncExecutor, result kept',
    },
    {
      name: 'engine.peak_rss_delta_mb.layered100k',
      value: mb(peakRss - before.rss),
      unit: 'MB',
      note: 'RSS already grown by the earlier runs in this process; heap delta is the figure',
    },
  );
}

writeBenchResults('engine', metrics);
