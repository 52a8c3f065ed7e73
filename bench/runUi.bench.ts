// Run figures in Chromium (issue 8, "Benchmark"), against a production build of the app served by
// `vite preview` on port 4181 (editor.bench keeps 4180, e2e 4173):
// - `run.ui_longest_task_ms`: the longest main-thread task (PerformanceObserver 'longtask',
//   installed before the app loads) while the app runs N no-op tasks on the Threaded executor with
//   the canvas and the Mermaid panel open; measured only from the Run click until
//   `data-run-status` becomes `completed`. Goal < 100 ms at 1,000 tasks.
// - `run.ui_overhead_ratio`: that run's wall time vs the same document through the engine alone
//   (timed from the document: Workflow.fromDocument + a warm ThreadedExecutor with as many workers +
//   MemoryStateStore, no UI updates) in the same page. Goal ≤ 1.5 at 1,000 tasks.
// Cases: 200 tasks (opens fitted; Mermaid fully rendered), and 1,000 tasks both as the app opens
// them (a graph over 300 tasks opens on its first tasks: the issue's gated scenario) and with every
// node in view (zoomed out: a stress case, measured against the same goals but not gated),
// the Mermaid view shown (full or collapsed) recorded in the notes. The engine-only runner reaches
// the production page through `window.__fwBench`, which src/main.tsx installs only in a
// `--mode bench` build (folded away in every other build). Medians of 3 measured runs per case,
// after one warm-up of each kind (neither side pays worker start-up), UI and engine-only runs
// alternating. When a 1,000-task goal is missed, that case is profiled on an unminified build of the
// same sources (CDP sampling profiler for JS functions, then a Chrome trace of another run for
// style/layout/paint/layerize) and the top culprits go into the notes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { WorkflowDocument } from '../src/engine/index.ts';
import { browserLabel, launchChromium } from './lib/browser.ts';
import { buildApp, layeredWorkflow, openAppPage, previewApp, profile } from './lib/appBuild.ts';
import { clickRunInPage } from './lib/appRuns.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const PORT = 4181;
const SIZES = [200, 1_000];
/** A measured case: a size, and the canvas as the app opens the workflow or fitted to all nodes. */
interface Case {
  label: string;
  size: number;
  fit: boolean;
}
// A graph of up to 300 tasks opens fitted already; a bigger one opens on its first tasks.
const ALL_CASES: Case[] = [
  { label: '200', size: 200, fit: false },
  { label: '1000.opened', size: 1_000, fit: false },
  { label: '1000.fit', size: 1_000, fit: true },
];
// RUNUI_CASES=1000.fit measures some cases only (while working on the suite).
const CASES = process.env.RUNUI_CASES
  ? ALL_CASES.filter((c) => process.env.RUNUI_CASES!.split(',').includes(c.label))
  : ALL_CASES;
const GATED = 1_000;
/**
 * The issue's scenario is the app as a person has it: the canvas as the app opens the workflow
 * and the Mermaid panel open. With every node in view (`fit`) is our own stress case: measured and
 * profiled against the same goals, reported as such, but not the issue's gate.
 */
const isGate = (c: Case) => c.size === GATED && !c.fit;
const RUNS = 3;
const LONG_TASK_GOAL_MS = 100;
const RATIO_GOAL = 1.5;
const tmp = mkdtempSync(join(tmpdir(), 'fw-runui-bench-'));

/** A layered DAG of `size` no-op code tasks. */
function workflowOf(size: number): WorkflowDocument {
  return layeredWorkflow(`run-bench-${size}`, `Run bench ${size}`, size, () => 'return 1;');
}

/** Installed before the app's scripts: every long task of the page. */
function instrument(): void {
  const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
  w.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      w.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

interface RunSpan {
  ms: number;
  longestTaskMs: number;
  longTasks: number;
  /** Sum of the long tasks' time over 50 ms (Total Blocking Time of the span). */
  blockingMs: number;
  status: string;
  count: string;
}

/** Long tasks of the page that overlap the page-clock span [start, end]. */
function longTasksIn(span: { start: number; end: number }) {
  const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
  return w.__longtasks
    .filter((t) => t.start + t.duration > span.start && t.start < span.end)
    .map((t) => t.duration);
}

/**
 * Clicks Run (confirming the review of the imported workflow, on the warm-up run), waits for
 * `running` then `completed` (or failed); the span's long tasks.
 */
async function uiRun(page: Page, timeoutMs = 120_000): Promise<RunSpan> {
  const run = await page.evaluate(clickRunInPage, timeoutMs);
  // Long-task entries arrive after the task ends: give them a moment, then take the overlapping ones.
  await page.waitForTimeout(150);
  const overlapping = await page.evaluate(longTasksIn, run);
  return {
    ms: run.end - run.start,
    longestTaskMs: Math.max(0, ...overlapping),
    longTasks: overlapping.length,
    blockingMs: overlapping.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    status: run.status,
    count: run.count,
  };
}

interface EngineSpan {
  ms: number;
  completed: number;
  longestTaskMs: number;
}

/** In the page: the same document through the engine alone (`window.__fwBench`). */
async function engineRunInPage(args: {
  doc: WorkflowDocument;
  workers: number;
}): Promise<EngineSpan> {
  const w = window as unknown as {
    __longtasks: { start: number; duration: number }[];
    __fwBench: {
      runEngineOnly(doc: unknown, workers: number): Promise<{ ms: number; completed: number }>;
    };
  };
  const start = performance.now();
  const r = await w.__fwBench.runEngineOnly(args.doc, args.workers);
  const end = performance.now();
  await new Promise((res) => setTimeout(res, 150));
  const overlapping = w.__longtasks.filter((t) => t.start + t.duration > start && t.start < end);
  return {
    ms: r.ms,
    completed: r.completed,
    longestTaskMs: Math.max(0, ...overlapping.map((t) => t.duration)),
  };
}

interface Prepared {
  page: Page;
  workers: number;
  renderedNodes: number;
  mermaidView: string;
  /** How the canvas was fitted to every node (empty when left as the app opened it). */
  fitHow: string;
}

/**
 * Waits until task nodes of the workflow are rendered and the rendered set has been unchanged for
 * a second (fitView and React Flow's measuring pass re-render after the first commit).
 */
const renderedTaskNodes = (page: Page) =>
  page.evaluate(
    () => document.querySelectorAll('[data-testid=task-node][data-task-name^="bench_"]').length,
  );

async function waitRenderedStable(page: Page): Promise<void> {
  await page.evaluate(() => delete (window as { __seen?: unknown }).__seen);
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __seen?: { count: number; since: number } };
      const count = document.querySelectorAll(
        '[data-testid=task-node][data-task-name^="bench_"]',
      ).length;
      const now = performance.now();
      if (count === 0 || w.__seen?.count !== count) w.__seen = { count, since: now };
      return count > 0 && now - w.__seen.since > 1_000;
    },
    null,
    { timeout: 120_000, polling: 100 },
  );
}

/**
 * A fresh app page with the workflow imported, the canvas as the app opens it (a graph over 300
 * tasks opens on its first tasks) or fitted to show every node, and the Mermaid panel open and drawn.
 */
async function prepare(
  browser: Browser,
  size: number,
  file: string,
  fit: boolean,
): Promise<Prepared> {
  const page = await openAppPage(browser, PORT, instrument);
  await page.waitForFunction(() => '__fwBench' in window, null, { timeout: 30_000 });
  await page.getByTestId('import-input').setInputFiles(file);
  await waitRenderedStable(page);
  let fitHow = '';
  if (fit) {
    // "Fit view" (the toolbar button) should put every node in view, so every node is mounted and
    // recoloured during the run.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await waitRenderedStable(page);
    fitHow = '"Fit view"';
    if ((await renderedTaskNodes(page)) < size) {
      // It does not on a big graph opened on its first tasks (only measured nodes are fitted): zoom
      // out with the wheel around the first task, the graph's top-left corner, until all are shown.
      const box = (await page.locator('[data-task-name="bench_0"]').boundingBox())!;
      await page.mouse.move(box.x + 2, box.y + 2);
      for (let i = 0; i < 60 && (await renderedTaskNodes(page)) < size; i++) {
        await page.mouse.wheel(0, 200);
        await page.waitForTimeout(150);
      }
      await waitRenderedStable(page);
      fitHow = `"Fit view" left ${size > 300 ? 'the first tasks' : 'the view'} only; zoomed out with the wheel instead`;
    }
    const zoom = await page.evaluate(
      () =>
        /scale\(([\d.]+)\)/.exec(
          document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '',
        )?.[1],
    );
    fitHow += `, zoom ${Number(zoom).toFixed(2)}`;
  }
  await page.getByRole('tab', { name: 'Mermaid' }).click();
  await page
    .locator('[data-testid=mermaid-diagram][data-state=ready]')
    .waitFor({ state: 'attached', timeout: 120_000 });
  await page.waitForTimeout(1_000); // layout effects, autosave and the fitted canvas settle
  const executor = await page.getByLabel('Executor').inputValue();
  if (executor !== 'threaded') await page.getByLabel('Executor').selectOption('threaded');
  const workers = Number(await page.getByLabel('Workers').inputValue());
  const { renderedNodes, svgNodes, notice } = await page.evaluate(() => ({
    renderedNodes: document.querySelectorAll('[data-testid=task-node]').length,
    svgNodes: document.querySelectorAll('[data-testid=mermaid-diagram] svg g.node').length,
    notice: [...document.querySelectorAll('[data-testid=mermaid-panel] .notice')]
      .map((n) => n.textContent?.trim() ?? '')
      .join(' '),
  }));
  const collapsed = /one node per layer/.test(notice);
  const mermaidView = `${collapsed ? 'collapsed (one node per layer)' : 'full diagram'}, ${svgNodes} SVG nodes${notice ? ` ("${notice}")` : ''}`;
  return { page, workers, renderedNodes, mermaidView, fitHow };
}

/** Functions whose inclusive time says which part of the app the run's main-thread time goes to. */
const WATCH = [
  'applyRunEvents',
  'reduceRunEvents',
  'broadcastRun',
  'performWorkOnRoot',
  'performSyncWorkOnRoot',
  'renderRootSync',
  'commitRoot',
  'flushPassiveEffects',
  'TaskNodeViewImpl',
  'NodeWrapper',
  'EdgeWrapper',
  'RunEdgeImpl',
  'RunMiniMap',
  'MiniMapNodes',
  'MermaidPanel',
  'selectStatusList',
  'useMermaidDiagram',
  'structureKey',
  'collapseByLayer',
  'useLiveRecolour',
  'setNodeStatus',
  'RunProgress',
  'RunToolbar',
  'recordTask',
  '(garbage collector)',
  '(program)',
];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; elementCount?: number; data?: { elementCount?: number } };
}

/** Renderer-main-thread phases whose total time says where the non-JS time goes. */
const TRACE_PHASES = [
  'RunTask',
  'FunctionCall',
  'FireAnimationFrame',
  'TimerFire',
  'EventDispatch',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
  'MinorGC',
  'MajorGC',
];

/** A Chrome trace of `fn`: total time of TRACE_PHASES on the page's main thread, restyled elements. */
async function trace(page: Page, fn: () => Promise<unknown>): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8',
  });
  await fn();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const total = new Map<string, number>();
  let restyled = 0;
  let styleRecalcs = 0;
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X') continue;
    total.set(e.name, (total.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    if (e.name === 'UpdateLayoutTree') {
      styleRecalcs++;
      restyled += e.args?.elementCount ?? e.args?.data?.elementCount ?? 0;
    }
  }
  return `trace of another UI run (main thread totals): ${TRACE_PHASES.filter(
    (n) => (total.get(n) ?? 0) >= 1,
  )
    .map((n) => `${n} ${total.get(n)!.toFixed(0)} ms`)
    .join(', ')}; ${styleRecalcs} style recalcs restyling ${restyled} elements in all`;
}

const docs = Object.fromEntries(SIZES.map((s) => [s, workflowOf(s)]));
const files = Object.fromEntries(
  SIZES.map((s) => {
    const file = join(tmp, `run-bench-${s}.flowweaver.json`);
    writeFileSync(file, JSON.stringify(docs[s]));
    return [s, file];
  }),
);
const dist = join(tmp, 'dist');
await buildApp(dist, true, 'bench');
let server = await previewApp(dist, PORT);
const browser = await launchChromium();
const metrics: BenchMetric[] = [];
const missedCases: Case[] = [];
try {
  for (const c of CASES) {
    const { size, fit } = c;
    const { page, workers, renderedNodes, mermaidView, fitHow } = await prepare(
      browser,
      size,
      files[size]!,
      fit,
    );
    const doc = docs[size]!;
    // Warm-up of each kind: the app's pool and the engine-only pool both start their workers.
    await page.evaluate(engineRunInPage, { doc, workers });
    await uiRun(page);
    await page.waitForTimeout(1_500);
    const ui: RunSpan[] = [];
    const engine: EngineSpan[] = [];
    for (let i = 0; i < RUNS; i++) {
      const engineFirst = i % 2 === 0;
      if (engineFirst) engine.push(await page.evaluate(engineRunInPage, { doc, workers }));
      await page.waitForTimeout(300);
      ui.push(await uiRun(page));
      // The completion toast, autosave and the Mermaid panel's debounced re-render settle first.
      await page.waitForTimeout(1_500);
      if (!engineFirst) engine.push(await page.evaluate(engineRunInPage, { doc, workers }));
    }
    await page.context().close();
    const bad =
      ui.find((r) => r.status !== 'completed') ?? engine.find((r) => r.completed !== size);
    if (bad) throw new Error(`${c.label}: a run did not complete: ${JSON.stringify(bad)}`);

    const longest = median(ui.map((r) => r.longestTaskMs));
    const uiMs = median(ui.map((r) => r.ms));
    const engineMs = median(engine.map((r) => r.ms));
    const ratio = uiMs / engineMs;
    const gated = isGate(c);
    const stress = size === GATED && fit;
    const longMet = longest < LONG_TASK_GOAL_MS;
    const ratioMet = ratio <= RATIO_GOAL;
    if ((gated || stress) && (!longMet || !ratioMet)) missedCases.push(c);
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    const canvas = fit
      ? `canvas showing every node (${fitHow}; ${renderedNodes} of ${size} task nodes rendered)`
      : `canvas as the app opens it (${size > 300 ? 'a graph over 300 tasks opens on its first 60' : 'fitted'}; ${renderedNodes} of ${size} task nodes rendered)`;
    const setting = `${size} no-op code tasks (25 per layer, fan-in 2), Threaded executor with ${workers} workers; ${canvas}; Mermaid panel open: ${mermaidView}`;
    const ref = gated
      ? ''
      : stress
        ? `(stress case beyond the issue's scenario, every node in view; against its goals: ${longMet ? 'met' : 'missed'} < ${LONG_TASK_GOAL_MS} ms / ${ratioMet ? 'met' : 'missed'} ≤ ${RATIO_GOAL}×) `
        : `(the issue's goals apply to ${GATED} tasks) `;
    metrics.push(
      {
        name: `run.ui_longest_task_ms.${c.label}`,
        value: longest,
        unit: 'ms',
        ...(gated ? { goal: `< ${LONG_TASK_GOAL_MS}`, met: longMet } : {}),
        note: `${ref}longest 'longtask' from the Run click to data-run-status=completed, median of ${RUNS} runs (each: ${list(ui.map((r) => r.longestTaskMs))} ms; long tasks per run ${list(ui.map((r) => r.longTasks))}; blocking time ${list(ui.map((r) => r.blockingMs))} ms); ${setting}`,
      },
      {
        name: `run.ui_overhead_ratio.${c.label}`,
        value: ratio,
        unit: '×',
        ...(gated ? { goal: `≤ ${RATIO_GOAL}`, met: ratioMet } : {}),
        note: `${ref}median UI run wall time ÷ median engine-only wall time in the same page (timed from the document: Workflow.fromDocument + a run on a warm ThreadedExecutor, ${workers} workers, MemoryStateStore, no UI updates); per-round ratios ${ui.map((r, i) => (r.ms / engine[i]!.ms).toFixed(2)).join(', ')}`,
      },
      {
        name: `run.ui_run_ms.${c.label}`,
        value: uiMs,
        unit: 'ms',
        note: `Run click → data-run-status=completed (the app's path: IndexedDB state store, event bridge, store, React, Mermaid), median of ${RUNS} after one warm-up run (each: ${list(ui.map((r) => r.ms))} ms)`,
      },
      {
        name: `run.engine_only_ms.${c.label}`,
        value: engineMs,
        unit: 'ms',
        note: `window.__fwBench.runEngineOnly in the same page, median of ${RUNS} after one warm-up (each: ${list(engine.map((r) => r.ms))} ms; longest task ${list(engine.map((r) => r.longestTaskMs))} ms)`,
      },
    );
    console.log(`${c.label}: Mermaid ${mermaidView}; ${renderedNodes} task nodes rendered`);
  }

  if (missedCases.length > 0) {
    // Where the main thread goes, per missed case: one UI run profiled on an unminified build (JS
    // functions), then another traced (style, layout, paint, layerize: the native share).
    server.kill();
    const plain = join(tmp, 'dist-unminified');
    await buildApp(plain, false, 'bench');
    server = await previewApp(plain, PORT);
    for (const c of missedCases) {
      const { page } = await prepare(browser, c.size, files[c.size]!, c.fit);
      await uiRun(page); // warm-up (workers, IndexedDB)
      await page.waitForTimeout(500);
      let span: RunSpan | undefined;
      const top = await profile(
        page,
        async () => {
          span = await uiRun(page);
        },
        WATCH,
      );
      await page.waitForTimeout(500);
      top.push(
        await trace(page, async () => {
          await uiRun(page);
        }),
      );
      await page.context().close();
      console.log(`\nProfile, UI run ${c.label} (unminified build):`);
      for (const line of top) console.log(`  ${line}`);
      metrics.push({
        name: `run.profile.${c.label}.ui_run_ms`,
        value: span?.ms ?? NaN,
        unit: 'ms',
        note: `profiled UI run (unminified build, sampling profiler on; longest task ${span?.longestTaskMs.toFixed(0)} ms, ${span?.longTasks} long tasks). ${top.join('; ')}`,
      });
    }
  }
  writeBenchResults('runUi', metrics, {
    browser: browserLabel(browser),
    server: `vite build --mode bench + vite preview :${PORT}`,
    viewport: '1440×900',
  });
} finally {
  await browser.close();
  server.kill();
  rmSync(tmp, { recursive: true, force: true });
}
