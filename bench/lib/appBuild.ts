// Shared by the Chromium suites that measure the real app: build it into a temp dir, serve it with
// `vite preview` on a port of their own, and profile a page with the CDP sampling profiler.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { build as viteBuild } from 'vite';
import type { WorkflowDocument } from '../../src/engine/index.ts';
import { REPO_ROOT } from './browser.ts';

/**
 * A layered DAG of code tasks, `width` per layer, each depending on two tasks of the layer above;
 * no positions (the app places them). `codeOf(i)` gives each task's code.
 */
export function layeredWorkflow(
  id: string,
  name: string,
  size: number,
  codeOf: (i: number) => string,
  width = 25,
): WorkflowDocument {
  const tasks = Array.from({ length: size }, (_, i) => {
    const up = i - width;
    const dependsOn =
      up >= 0 ? [`bench_${up}`, `bench_${up - (up % width) + ((up + 1) % width)}`] : [];
    return { name: `bench_${i}`, code: codeOf(i), dependsOn };
  });
  return { format: 'flowweaver.workflow', version: 2, id, name, tasks };
}

const VITE_BIN = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * `vite build` of the app into `outDir` (never the repo's dist/, which e2e builds and serves).
 * `root` is another copy of the app's sources (an older commit) with its own config.
 */
export async function buildApp(
  outDir: string,
  minify: boolean,
  mode?: string,
  root = REPO_ROOT,
): Promise<void> {
  await viteBuild({
    root,
    configFile: join(root, 'vite.config.ts'),
    ...(mode ? { mode } : {}),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify },
  });
}

/**
 * `vite preview` of `outDir` on 127.0.0.1:`port`, resolved once it answers; `root` decides whose
 * config (and so which security headers) the server uses.
 */
export async function previewApp(
  outDir: string,
  port: number,
  root = REPO_ROOT,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      VITE_BIN,
      'preview',
      '--outDir',
      outDir,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  child.on('exit', (code) => {
    if (code) console.error(`vite preview exited with ${code}`);
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not answer on port ${port}`);
}

/**
 * A fresh 1440×900 page of the app served on `port`, with `instrument` installed before the app's
 * scripts, booted and showing its first task node.
 */
export async function openAppPage(
  browser: Browser,
  port: number,
  instrument: () => void,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  // tsx compiles with keepNames: functions serialised into the page may call its `__name` helper.
  await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await page.addInitScript(instrument);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.locator('html[data-booted="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByTestId('task-node').first().waitFor();
  return page;
}

/** A CPU profile of `fn`: top self time, and inclusive time of the functions named in `WATCH`. */
export async function profile(
  page: Page,
  fn: () => Promise<unknown>,
  WATCH: readonly string[],
): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  await fn();
  const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.detach();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    if (url === '' && lineNumber >= 0) continue; // Playwright's injected script, not the app
    const name = functionName || '(anonymous)';
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame.functionName;
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + us);
    }
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const label = (name: string) =>
    name === '(program)' ? '(program = native style/layout/paint)' : name;
  return [
    `inclusive: ${WATCH.filter((f) => (inclusive.get(f) ?? 0) >= 1000)
      .map((f) => `${label(f)} ${ms(inclusive.get(f)!)}`)
      .join(', ')}`,
    `top self: ${[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([f, us]) => `${label(f)} ${ms(us)}`)
      .join(', ')}`,
  ];
}
