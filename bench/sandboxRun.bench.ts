// Does the task sandbox make runs slower? (issue 13, "Bench"). The APP, not the engine alone, built
// twice and measured side by side in Chromium: BEFORE = commit 98045a6, the parent of 3464d9c "Task
// code runs only in an opaque-origin sandbox" (the run worker runs Async/Sequential task code itself
// and nests the Threaded pool's workers), AFTER = the working tree (every executor runs task code in
// workers inside the sandboxed iframe, reached over MessagePorts). BEFORE's sources come from
// `git archive` into a temp dir with the repo's node_modules linked in; each build is a `vite build`
// served by `vite preview` from its own root (its own config and headers) on its own port.
//
// Cases: a chain of N no-op code tasks and N independent ones, under Threaded (default workers),
// Async (default concurrency) and Sequential, picked in the header's Executor picker, the workflow
// imported through the Import file input. A run is timed in the page from the Run click (AFTER's
// first run of an imported workflow asks for the review: from the review's Run instead) to
// data-run-status=completed; the app's own run record (IndexedDB `runs`: the run worker's startedAt
// and finishedAt) splits it into setup (click → the engine starts), engine (the run itself) and
// delivery (the engine finished → the page shows completed).
// Per case, one fresh page of each build: its first run is "cold" (the run worker, and AFTER's
// sandbox iframe and task workers, start), the next WARM runs reuse them. The builds alternate run
// by run (who goes first alternates too), so load on the machine falls on all alike. One more warm
// run of each, outside the medians, is traced to count the run's IndexedDB writes, and where a
// build's warm median is over 1.5× BEFORE's, one more of each runs under V8's sampling profiler on
// every thread (the run worker, the task workers, the page).
// Knobs for working on it: SANDBOXRUN_N, SANDBOXRUN_WARM, SANDBOXRUN_EXECUTORS=async,sequential and
// SANDBOXRUN_EXTRA=name=/abs/tree,… (more trees measured beside them, e.g. a candidate fix: a copy
// of the repo with node_modules linked in); SANDBOXRUN_PORT (the first build's port, the others
// after it; default 4186).
//
// First-task latency (issue 18, its own section `firstTask`): Run on a fresh page, the workflow
// just imported and the page left idle, to the first task's code starting in its sandboxed task
// worker (bench/lib/firstTask.ts), for the working tree and FIRST_TASK_BEFORE (the app before it
// started the run worker, sandbox and task workers while idle), FIRST_SAMPLES fresh pages each,
// alternating. SANDBOXRUN_CASES=first (or =throughput) runs only that part.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { WorkflowDocument } from '../src/engine/index.ts';
import { REPO_ROOT, browserLabel, launchChromium } from './lib/browser.ts';
import { buildApp, previewApp } from './lib/appBuild.ts';
import {
  openWithWorkflow,
  sandboxFrameOutOfProcess,
  timedAppRun,
  type AppRun,
} from './lib/appRuns.ts';
import { commitSubject, extractCommit, sameDependencies } from './lib/commitTree.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';
import { countIndexedDBPuts, describeThreads, profileThreads } from './lib/browserTrace.ts';
import { firstTaskSample, writeFirstTaskWorkflow, type FirstTaskSample } from './lib/firstTask.ts';

const BEFORE_COMMIT = '98045a6';
/** The parent of a72d72d, which started the run path while the page is idle. */
const FIRST_TASK_BEFORE = process.env.SANDBOXRUN_FIRST_BEFORE ?? 'a72d72d^';
const FIRST_SAMPLES = Number(process.env.SANDBOXRUN_FIRST_SAMPLES ?? 5);
const CASES = (process.env.SANDBOXRUN_CASES ?? 'throughput,first').split(',');
const PORT = Number(process.env.SANDBOXRUN_PORT ?? 4186);
const N = Number(process.env.SANDBOXRUN_N ?? 1_000);
/** Warm runs per page after its cold first run. */
const WARM = Number(process.env.SANDBOXRUN_WARM ?? 5);
const SHAPES = ['chain', 'independent'] as const;
const EXECUTORS = (process.env.SANDBOXRUN_EXECUTORS ?? 'threaded,async,sequential').split(',');
type Shape = (typeof SHAPES)[number];
const RUN_TIMEOUT_MS = 60_000;
/** A case whose warm median is this many times BEFORE's is profiled. */
const SLOWER = 1.5;
const size = N % 1000 === 0 ? `${N / 1000}k` : String(N);

/** A build of the app measured side by side with the others. */
interface Build {
  name: string;
  /** Its sources, with their own vite.config.ts. */
  root: string;
  port: number;
}

function workflowOf(shape: Shape): WorkflowDocument {
  const tasks = Array.from({ length: N }, (_, i) => ({
    name: `t_${i}`,
    code: 'return 1;',
    dependsOn: shape === 'chain' && i > 0 ? [`t_${i - 1}`] : [],
  }));
  // Version 1: the app before the sandbox reads no later version, and today's app migrates it.
  return {
    format: 'flowweaver.workflow',
    version: 1,
    id: `sandbox-bench-${shape}`,
    name: `Sandbox bench ${shape} ${N}`,
    tasks,
  } as unknown as WorkflowDocument;
}

const tmp = mkdtempSync(join(tmpdir(), 'fw-sandbox-bench-'));
const files = Object.fromEntries(
  SHAPES.map((shape) => {
    const file = join(tmp, `sandbox-bench-${shape}.flowweaver.json`);
    writeFileSync(file, JSON.stringify(workflowOf(shape)));
    return [shape, file];
  }),
) as Record<Shape, string>;

const throughput = CASES.includes('throughput');
const first = CASES.includes('first');
for (const commit of [
  ...(throughput ? [BEFORE_COMMIT] : []),
  ...(first ? [FIRST_TASK_BEFORE] : []),
])
  if (!sameDependencies(commit))
    console.warn(`note: package.json differs from ${commit}; it builds with today's node_modules`);
const beforeRoot = join(tmp, 'before-src');
if (throughput) extractCommit(BEFORE_COMMIT, beforeRoot);
const firstBeforeRoot = join(tmp, 'first-before-src');
if (first) extractCommit(FIRST_TASK_BEFORE, firstBeforeRoot);
// Extra trees are reported against BEFORE like AFTER is.
const extra = (process.env.SANDBOXRUN_EXTRA ?? '')
  .split(',')
  .filter(Boolean)
  .map((spec, i) => {
    const [name, root] = spec.split('=') as [string, string];
    return { name, root, port: 4200 + i }; // 4190 is on fetch's list of bad ports
  });
const after: Build = { name: 'after', root: REPO_ROOT, port: PORT + 1 };
const firstBefore: Build = { name: 'before', root: firstBeforeRoot, port: PORT };
const builds: Build[] = throughput
  ? [{ name: 'before', root: beforeRoot, port: PORT }, after, ...extra]
  : [];
if (throughput && first) firstBefore.port = PORT + 2;
const all = [...(throughput ? builds : [after]), ...(first ? [firstBefore] : [])];
const dist = (b: Build) => join(tmp, `dist-${b === firstBefore ? 'first-before' : b.name}`);
const t0 = performance.now();
for (const b of all) await buildApp(dist(b), true, undefined, b.root);
console.log(`built ${all.length} apps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const servers = [];
for (const b of all) servers.push(await previewApp(dist(b), b.port, b.root));
const browser = await launchChromium();
const metrics: BenchMetric[] = [];
/** Whether the sandbox iframe had a process of its own (seen after the first case). */
let oop: boolean | undefined;
try {
  if (first) await firstTaskCase();
  let caseIndex = 0;
  for (const shape of throughput ? SHAPES : []) {
    for (const executor of EXECUTORS) {
      const started = performance.now();
      // Who opens and runs first alternates by case and by round.
      const order = caseIndex++ % 2 === 0 ? builds : [...builds].reverse();
      const pages = new Map<Build, Page>();
      for (const b of order)
        pages.set(b, await openWithWorkflow(browser, b.port, files[shape], executor, b.name));
      const runs = new Map<Build, AppRun[]>(builds.map((b) => [b, []]));
      for (let round = 0; round <= WARM; round++) {
        for (const b of round % 2 === 0 ? order : [...order].reverse()) {
          runs.get(b)!.push(await timedAppRun(pages.get(b)!, RUN_TIMEOUT_MS));
          await pages.get(b)!.waitForTimeout(300); // toast, autosave, the record's compaction
        }
      }
      // One more warm run each, not timed: how often the run worker wrote to IndexedDB.
      const puts = new Map<Build, number>();
      for (const b of order) {
        const page = pages.get(b)!;
        puts.set(b, await countIndexedDBPuts(browser, () => timedAppRun(page, RUN_TIMEOUT_MS)));
        await page.waitForTimeout(300);
      }
      // Where a clearly slower case spends its time: one more warm run of each, profiled.
      const warmMs = (b: Build) =>
        median(
          runs
            .get(b)!
            .slice(1)
            .map((r) => r.ms),
        );
      const profiled = new Map<Build, { ms: number; threads: string }>();
      if (builds.slice(1).some((b) => warmMs(b) > SLOWER * warmMs(builds[0]!))) {
        for (const b of order) {
          const page = pages.get(b)!;
          let ms = NaN;
          const threads = await profileThreads(browser, async () => {
            ms = (await timedAppRun(page, RUN_TIMEOUT_MS)).ms;
          });
          profiled.set(b, { ms, threads: describeThreads(threads) });
          await page.waitForTimeout(300);
        }
      }
      if (oop === undefined) oop = await sandboxFrameOutOfProcess(browser);
      for (const page of pages.values()) await page.context().close();
      metrics.push(...figures(shape, executor, runs, puts, profiled));
      console.log(
        `${shape} ${executor} (${((performance.now() - started) / 1000).toFixed(1)} s): ` +
          builds
            .map(
              (b) =>
                `${b.name} ${runs
                  .get(b)!
                  .map((r) => r.ms.toFixed(0))
                  .join(', ')} ms`,
            )
            .join('; '),
      );
    }
  }
  if (throughput)
    writeBenchResults('sandboxRun', metrics, {
      browser: browserLabel(browser),
      before: commitSubject(BEFORE_COMMIT),
      after: 'the working tree',
      ...(extra.length > 0 ? { extra: extra.map((b) => `${b.name} = ${b.root}`).join(', ') } : {}),
      server: `vite build + vite preview, one port per build (${builds.map((b) => `${b.name} :${b.port}`).join(', ')})`,
      sandboxIframe: oop ? 'out of process (a renderer of its own)' : 'in the page process',
    });
} finally {
  await browser.close();
  for (const s of servers) s.kill();
  rmSync(tmp, { recursive: true, force: true });
}

/** Medians, spread and the setup / engine / delivery split of a list of runs. */
function describe(runs: AppRun[]) {
  const ms = runs.map((r) => r.ms);
  const part = (f: (r: AppRun) => number) => median(runs.map(f));
  return {
    ms: median(ms),
    spread: `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms`,
    each: ms.map((x) => x.toFixed(0)).join(', '),
    setup: part((r) => r.startedAt - r.clickAt),
    engine: part((r) => r.finishedAt - r.startedAt),
    delivery: part((r) => r.endAt - r.finishedAt),
  };
}

function figures(
  shape: Shape,
  executor: string,
  runs: Map<Build, AppRun[]>,
  puts: Map<Build, number>,
  profiled: Map<Build, { ms: number; threads: string }>,
): BenchMetric[] {
  const out: BenchMetric[] = [];
  const phases = [
    { phase: 'cold', pick: (rs: AppRun[]) => rs.slice(0, 1) },
    { phase: 'warm', pick: (rs: AppRun[]) => rs.slice(1) },
  ];
  const [before, ...others] = builds as [Build, ...Build[]];
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  for (const { phase, pick } of phases) {
    const name = `${shape}${size}.${executor}.${phase}`;
    const d = new Map(builds.map((b) => [b, describe(pick(runs.get(b)!))]));
    for (const b of builds) {
      const x = d.get(b)!;
      const what =
        phase === 'cold'
          ? 'the first run of a fresh page (1 sample)'
          : `median of ${WARM} warm runs (spread ${x.spread}; each ${x.each})`;
      out.push({
        name: `sandbox.tasks_per_s.${name}.${b.name}`,
        value: (N / x.ms) * 1000,
        unit: 'tasks/s',
        note: `${ms(x.ms)} from Run to completed, ${what}; setup ${ms(x.setup)} / engine ${ms(x.engine)} / delivery ${ms(x.delivery)}`,
      });
    }
    for (const b of others) {
      const [x, y] = [d.get(before)!, d.get(b)!];
      const ratios = pick(runs.get(b)!).map((r, i) => r.ms / pick(runs.get(before)!)[i]!.ms);
      const delta = (k: 'setup' | 'engine' | 'delivery') => `${k} ${ms(x[k])} → ${ms(y[k])}`;
      out.push({
        name: `sandbox.${b.name}_vs_before.${name}`,
        value: median(ratios),
        unit: '×',
        note:
          `${b.name} ÷ before, Run to completed (> 1: ${b.name} is slower)` +
          (phase === 'warm'
            ? `, median of per-round ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`
            : '') +
          `. Where the time goes (medians): ${delta('setup')}, ${delta('engine')}, ${delta('delivery')}` +
          (phase === 'warm'
            ? `; IndexedDB put() calls in one more warm run ${puts.get(before)} → ${puts.get(b)}`
            : ''),
      });
    }
  }
  for (const [b, { ms, threads }] of profiled) {
    out.push({
      name: `sandbox.profile.${shape}${size}.${executor}.${b.name}`,
      value: ms,
      unit: 'ms',
      note: `one more warm run (Run to completed) with V8's sampling profiler on every thread (minified build: the app's own functions have short names, native ones keep theirs): ${threads}`,
    });
  }
  for (const b of builds) {
    out.push({
      name: `sandbox.idb_puts_per_run.${shape}${size}.${executor}.${b.name}`,
      value: puts.get(b)!,
      unit: 'puts',
      note: `IDBObjectStore.put() calls during one more warm run (Chromium trace, category IndexedDB): one per commit of the run worker's write batch, plus the run record`,
    });
  }
  return out;
}

/**
 * Run → the first task's code, on fresh pages of FIRST_TASK_BEFORE's app and the working tree's,
 * alternating (who goes first alternates too); its own section of the results.
 */
async function firstTaskCase(): Promise<void> {
  const file = writeFirstTaskWorkflow(tmp);
  const pair = [firstBefore, after];
  const samples = new Map<Build, FirstTaskSample[]>(pair.map((b) => [b, []]));
  for (let i = 0; i < FIRST_SAMPLES; i++)
    for (const b of i % 2 ? [...pair].reverse() : pair)
      samples.get(b)!.push(await firstTaskSample(browser, b.port, file, `${b.name} first-task`));
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const out: BenchMetric[] = [];
  for (const b of pair) {
    const xs = samples.get(b)!;
    const firstMs = median(xs.map((x) => x.firstTaskMs));
    const setup = median(xs.map((x) => x.setupMs));
    const isAfter = b === after;
    out.push({
      name: `app.first_task_ms.${isAfter ? 'after' : 'before'}`,
      value: firstMs,
      unit: 'ms',
      ...(isAfter ? { goal: '≤ 50', met: firstMs <= 50 } : {}),
      note:
        `${isAfter ? 'the working tree' : FIRST_TASK_BEFORE}: Run (the review's Run of a just-imported 2-task workflow, page idle 2.5 s after opening it) → the first task's code starting in its sandboxed task worker (its own wall-clock stamp), median of ${FIRST_SAMPLES} fresh pages (each ${xs.map((x) => x.firstTaskMs.toFixed(0)).join(', ')}). ` +
        `Where it went (medians): Run → the run worker's engine started ${ms(setup)}, then → the first task ${ms(firstMs - setup)}; Run → shown completed ${ms(median(xs.map((x) => x.runMs)))}` +
        (isAfter
          ? '. Idle after a workflow opens, the page has started the run worker, the sandbox frame and its task workers and opened the database (useWarmRunner): Run sends only the work'
          : '. Nothing was started before Run: the run worker, the sandbox frame (a page load) and a task worker (a script from a blob) started on the click'),
    });
  }
  writeBenchResults('firstTask', out, {
    browser: browserLabel(browser),
    before: commitSubject(FIRST_TASK_BEFORE),
    after: 'the working tree',
    server: `vite build + vite preview (before :${firstBefore.port}, after :${after.port})`,
  });
}
