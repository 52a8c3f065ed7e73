// App first-task latency (issue 18): the time from Run (the first run after a workflow is opened,
// the page loaded and idle) to the first task's code starting in its sandboxed task worker. The
// task stamps the wall clock from inside the worker (performance.timeOrigin + performance.now(),
// comparable across the page's processes) and returns it as its result; the page's click is stamped
// the same way. Used by sandboxRun, which builds the app side by side.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { openWithWorkflow, storeRows, timedAppRun } from './appRuns.ts';

/** How long the page is left alone after the workflow opens (requestIdleCallback's deadline is 2 s). */
const IDLE_MS = 2_500;
const FIRST = 'first';

/** Writes the workflow: `first` stamps its start and returns it, `second` runs after it. */
export function writeFirstTaskWorkflow(dir: string): string {
  const file = join(dir, 'first-task.flowweaver.json');
  const doc = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'first-task-bench',
    name: 'First task bench',
    tasks: [
      { name: FIRST, code: 'return performance.timeOrigin + performance.now();', dependsOn: [] },
      { name: 'second', code: 'return 1;', dependsOn: [FIRST] },
    ],
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** The stored result of task `name` in the app's records (the page holds one run of it). */
async function storedResult(page: Page, name: string): Promise<unknown> {
  const rows = (await page.evaluate(storeRows, { store: 'taskBatches', fields: ['states'] })) as {
    states: { name: string; result?: unknown }[];
  }[];
  let result: unknown;
  for (const row of rows) for (const s of row.states) if (s.name === name) result ??= s.result;
  return result;
}

/** One first run: Run → the first task's code starting, Run → the engine starting, Run → shown done. */
export interface FirstTaskSample {
  firstTaskMs: number;
  /** Run → the run worker's engine started (the run record's startedAt). */
  setupMs: number;
  runMs: number;
}

/**
 * One sample on a fresh page of the app on `port`: `file` imported, the page left idle, then Run
 * (the review's Run for an imported workflow: the clock starts there).
 */
export async function firstTaskSample(
  browser: Browser,
  port: number,
  file: string,
  label: string,
): Promise<FirstTaskSample> {
  const page = await openWithWorkflow(browser, port, file, 'threaded', label);
  try {
    await page.waitForTimeout(IDLE_MS);
    const run = await timedAppRun(page);
    let stamp: unknown;
    for (let i = 0; i < 100 && typeof stamp !== 'number'; i++) {
      stamp = await storedResult(page, FIRST);
      if (typeof stamp !== 'number') await page.waitForTimeout(50);
    }
    if (typeof stamp !== 'number') throw new Error('the first task stored no stamp');
    // Wall clock on both sides: the click's Date.now() and the task's timeOrigin + now().
    return {
      firstTaskMs: stamp - run.clickAt,
      setupMs: run.startedAt - run.clickAt,
      runMs: run.ms,
    };
  } finally {
    await page.context().close();
  }
}
