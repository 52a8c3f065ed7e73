// Shared plumbing for the Chromium suites: a Vite dev server over the repo (so bench pages under
// bench/pages/ import src/ directly, workers included), and Playwright's chromium launched on the
// browser scripts/chromium.mjs finds. Each suite starts and stops its own server and browser.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A dev server rooted at the repo; `url(path)` resolves a page such as `bench/pages/persist.html`. */
export interface BenchServer {
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts Vite (the repo's config, a free port, its own dep cache) for bench pages. */
export async function startBenchServer(): Promise<BenchServer> {
  const server: ViteDevServer = await createServer({
    root: REPO_ROOT,
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    // A separate cache: never disturbs a dev server or Vitest run by someone else in this tree.
    cacheDir: join(REPO_ROOT, 'node_modules', '.vite-bench'),
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Pre-bundle everything the pages import up front, so no page reloads on a late discovery.
    optimizeDeps: {
      entries: ['bench/pages/*.html'],
      include: ['comlink', 'acorn', 'idb', 'zod', 'mermaid'],
    },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the bench Vite server has no local URL');
  return {
    url: (path) => new URL(path, base).href,
    close: () => server.close(),
  };
}

/** Launches headless Chromium with the repo's flags. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error('No Chromium found (see scripts/chromium.mjs)');
  return chromium.launch({
    headless: true,
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
  });
}

/** Opens a bench page and waits for it to set `window.benchReady`. */
export async function openBenchPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.error(`[page] ${msg.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as { benchReady?: boolean }).benchReady === true, null, {
    timeout: 120_000,
  });
  return page;
}

/** Browser identity for a suite's notes, e.g. `Chromium 142.0…, headless`. */
export function browserLabel(browser: Browser): string {
  return `Chromium ${browser.version()}, headless`;
}
