// Threaded vs Async on I/O-bound workflows (issue 15): the async_aggregation example (five awaits
// of 200–500 ms, each with a timeoutMs, then an aggregate) and a fan-out of 40 awaits of 100 ms,
// under AsyncExecutor and ThreadedExecutor with its default per-worker concurrency, beside
// workerConcurrency 1 (one attempt per worker, the old default). The warm figures reuse one
// executor in this process. The cold figure is `flowweaver run` itself, as users run it: the
// installed package (built JavaScript, bench/lib/cliPackage.ts) spawned per run with --executor
// threaded and async, spawn → exit, beside the package of BEFORE_COMMIT in the same rounds. A CPU
// check (16 loops of uneven length) shows what running attempts side by side costs CPU-bound work.
// Rounds alternate between contenders; medians are reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncExecutor } from '../src/engine/execute/AsyncExecutor.ts';
import type { Executor } from '../src/engine/execute/Executor.ts';
import { ThreadedExecutor } from '../src/engine/execute/ThreadedExecutor.ts';
import { DEFAULT_WORKER_CONCURRENCY } from '../src/engine/execute/ThreadedRunner.ts';
import { Task } from '../src/engine/model/Task.ts';
import { Workflow } from '../src/engine/model/Workflow.ts';
import { asyncAggregation } from '../src/ui/examples/asyncAggregation.ts';
import { afterBin, beforeBin, checkExit, runCli } from './lib/cliPackage.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const ROUNDS = 7;
const WORKERS = 2;
/** The CLI before its first worker started while the file is validated (issue 18). */
const BEFORE_COMMIT = process.env.CLI_BEFORE ?? '49432bb';
const AFTER = afterBin();
const BEFORE = beforeBin(BEFORE_COMMIT);

function fanOut(): Workflow {
  const wf = new Workflow('io-fan-out');
  const wait = 'await new Promise((resolve) => setTimeout(resolve, 100)); return 1;';
  for (let i = 0; i < 40; i++) wf.addTask(new Task(`io${i}`, wait));
  return wf;
}

function unevenCpu(): Workflow {
  const wf = new Workflow('cpu-uneven');
  for (let i = 0; i < 16; i++) {
    const n = (i % 4 === 0 ? 8 : 1) * 4_000_000;
    wf.addTask(
      new Task(
        `cpu${i}`,
        `let x = 0; for (let i = 0; i < ${n}; i++) x = (x + i * i) % 1000003; return x;`,
      ),
    );
  }
  return wf;
}

type Make = () => Executor;
const contenders: Record<string, Make> = {
  async: () => new AsyncExecutor(),
  'threaded.default': () => new ThreadedExecutor({ maxWorkers: WORKERS }),
  'threaded.concurrency1': () =>
    new ThreadedExecutor({ maxWorkers: WORKERS, workerConcurrency: 1 }),
};

/** Median ms of a run per contender: cold (a fresh executor per run) or warm (one, reused). */
async function measure(
  build: () => Workflow,
  names: readonly string[],
  warm: boolean,
): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const kept = new Map<string, Executor>();
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const executor = warm ? (kept.get(name) ?? contenders[name]!()) : contenders[name]!();
      kept.set(name, executor);
      const t0 = performance.now();
      await build().execute(executor);
      const took = performance.now() - t0;
      if (!warm) await executor.dispose?.();
      if (r > 0) times[name]!.push(took); // round 0 warms the process (and, warm, the workers)
    }
  }
  for (const executor of kept.values()) await executor.dispose?.();
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

/**
 * Median spawn → exit of `flowweaver run` of the example, per package and executor, all four
 * alternating round by round (the order rotates), after one unmeasured run of each.
 */
async function measureCli(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-threaded-io-'));
  const file = join(dir, 'async_aggregation.json');
  writeFileSync(file, JSON.stringify(asyncAggregation.document));
  const bins = { after: AFTER.bin, before: BEFORE.bin };
  const cases = Object.entries(bins).flatMap(([which, bin]) =>
    ['async', 'threaded'].map((executor) => ({ key: `${executor}.${which}`, bin, executor })),
  );
  const times: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.key, []]));
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (let k = 0; k < cases.length; k++) {
      const { key, bin, executor } = cases[(k + r) % cases.length]!;
      const run = await runCli(bin, ['run', file, '--executor', executor]);
      checkExit(run, `${key} run`);
      if (r > 0) times[key]!.push(run.exitedAt - run.spawnedAt);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return Object.fromEntries(cases.map((c) => [c.key, median(times[c.key]!)]));
}

const all = Object.keys(contenders);
const cold = await measureCli();
const aggregation = () => Workflow.fromDocument(asyncAggregation.document);
const warm = await measure(aggregation, all, true);
const fan = await measure(fanOut, all, true);
const cpu = await measure(unevenCpu, ['threaded.default', 'threaded.concurrency1'], true);

const metrics: BenchMetric[] = [];
const perWorker = DEFAULT_WORKER_CONCURRENCY;
const label = (name: string) =>
  name === 'async'
    ? 'AsyncExecutor'
    : name === 'threaded.default'
      ? `ThreadedExecutor, ${WORKERS} workers, default workerConcurrency (${perWorker})`
      : `ThreadedExecutor, ${WORKERS} workers, workerConcurrency 1 (the default before)`;
const example =
  'the async_aggregation example (5 awaits of 200–500 ms, timeoutMs each, + aggregate)';
for (const which of ['after', 'before'] as const) {
  const threaded = cold[`threaded.${which}`]!;
  const async = cold[`async.${which}`]!;
  const pkg = which === 'after' ? AFTER.label : `${BEFORE.label}, same rounds`;
  const suffix = which === 'after' ? '' : '.before';
  metrics.push(
    {
      name: `threaded_io.async_aggregation_ms.cold.async${suffix}`,
      value: async,
      unit: 'ms',
      note: `\`flowweaver run --executor async\` (its tasks in one worker thread) of ${example}, ${pkg}, spawn → exit; median of ${ROUNDS}`,
    },
    {
      name: `threaded_io.async_aggregation_ms.cold.threaded.default${suffix}`,
      value: threaded,
      unit: 'ms',
      ...(which === 'after'
        ? { goal: `≤ ${(async * 1.2).toFixed(0)} (async + 20%)`, met: threaded <= async * 1.2 }
        : {}),
      note:
        `\`flowweaver run --executor threaded\` (default workers and workerConcurrency) of the same, ${pkg}, spawn → exit; median of ${ROUNDS}` +
        (which === 'after'
          ? '. Measured as users run it (built JavaScript); the figure before issue 18 (719 ms against 504) timed a fresh ThreadedExecutor in this process on the TypeScript sources, whose workers load through tsx'
          : ''),
    },
  );
}
for (const [figure, values, what] of [
  [
    'async_aggregation_ms.warm',
    warm,
    `${example}, one executor reused in this process (workers warm)`,
  ],
  ['io_fanout_ms.40x100', fan, '40 independent awaits of 100 ms, warm'],
] as const) {
  for (const name of all) {
    const goal =
      name === 'threaded.default'
        ? `≤ ${(values.async! * 1.2).toFixed(0)} (async + 20%)`
        : undefined;
    metrics.push({
      name: `threaded_io.${figure}.${name}`,
      value: values[name]!,
      unit: 'ms',
      ...(goal ? { goal, met: values[name]! <= values.async! * 1.2 } : {}),
      note: `${label(name)}: ${what}; median of ${ROUNDS}`,
    });
  }
}
for (const name of ['threaded.default', 'threaded.concurrency1']) {
  metrics.push({
    name: `threaded_io.cpu_uneven_ms.${name}`,
    value: cpu[name]!,
    unit: 'ms',
    note: `${label(name)}: 16 CPU loops (every 4th 8× longer), warm; what side-by-side attempts cost CPU-bound work`,
  });
}
writeBenchResults('threadedIo', metrics);
