// Runs of the real app driven like a person does (Import, the Executor picker, Run, the review's
// Run), timed in the page and split with the app's own run record. Used by suites that compare
// builds of the app side by side; works with builds from before the run review existed.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { openAppPage } from './appBuild.ts';

/** One run as the page saw it, and as the run worker recorded it. */
export interface AppRun {
  /** Run click (or the review's Run) → data-run-status leaves `running`, page clock. */
  ms: number;
  /** Wall clock (Date.now, the clock of the run record) at the click and at the final status. */
  clickAt: number;
  endAt: number;
  status: string;
  count: string;
  /** The review before running was asked for and confirmed (the clock started at its Run). */
  reviewed: boolean;
  /** The run record's startedAt / finishedAt (the run worker's engine, IndexedDB `runs`). */
  startedAt: number;
  finishedAt: number;
}

/** A run as the page saw it: page-clock span, wall clock, the final status. */
export interface PageRun {
  /** performance.now() at the click (or the review's Run) and at the final status. */
  start: number;
  end: number;
  /** Date.now() at the same moments (the clock of the run record). */
  clickAt: number;
  endAt: number;
  status: string;
  count: string;
  reviewed: boolean;
}

/**
 * In the page (pass it to page.evaluate): clicks Run, confirms the review if one is asked for (the
 * clock then restarts at its Run: the time a person spends reading is not the app's), and resolves
 * when data-run-status leaves `running`.
 */
export function clickRunInPage(timeoutMs: number): Promise<PageRun> {
  const button = [
    ...document.querySelectorAll<HTMLButtonElement>('[data-testid=run-toolbar] button'),
  ].find((b) => b.textContent?.trim() === 'Run');
  if (!button || button.disabled)
    return Promise.reject(new Error(`Run is not clickable: ${button?.title ?? 'no button'}`));
  return new Promise((resolve, reject) => {
    let sawRunning = false;
    let reviewed = false;
    let start = 0;
    let clickAt = 0;
    const check = () => {
      const review = document.querySelector<HTMLButtonElement>('[data-testid=review-run]');
      if (review && !reviewed && !review.disabled) {
        reviewed = true;
        start = performance.now();
        clickAt = Date.now();
        review.click();
      }
      const status =
        document.querySelector('[data-testid=run-progress]')?.getAttribute('data-run-status') ?? '';
      if (status === 'running') sawRunning = true;
      else if (sawRunning && status !== '') {
        const end = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve({
          start,
          end,
          clickAt,
          endAt: Date.now(),
          status,
          count: document.querySelector('[data-testid=run-progress-count]')?.textContent ?? '',
          reviewed,
        });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-run-status'],
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the run did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    start = performance.now();
    clickAt = Date.now();
    button.click();
    check();
  });
}

/**
 * In the page (pass it to page.evaluate): every row of an object store of the app's IndexedDB
 * database (`flowweaver`), each cut to `fields` (all of it when null).
 */
export function storeRows({
  store,
  fields,
}: {
  store: string;
  fields: readonly string[] | null;
}): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('flowweaver');
    open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(store).objectStore(store).getAll();
      request.onerror = () => reject(request.error ?? new Error('getAll failed'));
      request.onsuccess = () => {
        db.close();
        const rows = request.result as Record<string, unknown>[];
        resolve(
          fields ? rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]]))) : rows,
        );
      };
    };
  });
}

/** startedAt / finishedAt of the app's newest run record. */
export async function lastRunRecord(
  page: Page,
): Promise<{ startedAt: number; finishedAt?: number } | null> {
  const rows = (await page.evaluate(storeRows, {
    store: 'runs',
    fields: ['startedAt', 'finishedAt'],
  })) as { startedAt: number; finishedAt?: number }[];
  rows.sort((a, b) => b.startedAt - a.startedAt);
  return rows[0] ?? null;
}

/**
 * Runs the open workflow once through the UI; fails unless it completes. Waits for the run
 * worker's record of this run (its finishedAt) before resolving.
 */
export async function timedAppRun(page: Page, timeoutMs = 60_000): Promise<AppRun> {
  const { start, end, ...seen } = await page.evaluate(clickRunInPage, timeoutMs);
  if (seen.status !== 'completed')
    throw new Error(`a run ended ${seen.status} (${seen.count}), not completed`);
  for (let i = 0; i < 100; i++) {
    const record = await lastRunRecord(page);
    // The record's clock is the run worker's Date.now: the same wall clock, in ms.
    if (record?.finishedAt && record.startedAt >= seen.clickAt - 2)
      return {
        ...seen,
        ms: end - start,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt,
      };
    await page.waitForTimeout(50);
  }
  const record = await lastRunRecord(page);
  throw new Error(`no finished run record for this run: ${JSON.stringify({ ...seen, record })}`);
}

/**
 * A fresh page (its own browser context: storage, caches and workers of its own) of the app on
 * `port`, with `file` imported through the header's Import input and `executor` picked.
 */
export async function openWithWorkflow(
  browser: Browser,
  port: number,
  file: string,
  executor: string,
  label: string,
): Promise<Page> {
  const page = await openAppPage(browser, port, () => undefined);
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.error(`[${label} page] ${msg.text()}`);
  });
  const first = (JSON.parse(readFileSync(file, 'utf8')) as { tasks: { name: string }[] }).tasks[0]!
    .name;
  await page.getByTestId('import-input').setInputFiles(file);
  await page.locator(`[data-testid=task-node][data-task-name="${first}"]`).waitFor();
  await page.getByLabel('Executor').selectOption(executor);
  await page.waitForTimeout(500); // autosave and the canvas settle
  return page;
}

/** Whether a sandbox iframe (public/sandbox.html) is an out-of-process frame right now. */
export async function sandboxFrameOutOfProcess(browser: Browser): Promise<boolean> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as unknown as {
    targetInfos: { type: string; url: string }[];
  };
  await cdp.detach();
  return targetInfos.some((t) => t.type === 'iframe' && t.url.includes('sandbox.html'));
}
