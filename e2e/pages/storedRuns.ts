import { expect, type Page } from '@playwright/test';

/** A task's state as the app stored it (the latest record of its latest run). */
export interface StoredTask {
  status: string;
  result?: unknown;
  error?: { message: string };
}

/**
 * The latest stored state of each task of a workflow's most recent run, read straight from the
 * app's IndexedDB in the page (what a reload would show), not from the UI.
 */
export function latestStoredRun(
  page: Page,
  workflowId: string,
): Promise<Record<string, StoredTask>> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('flowweaver');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    type Run = { workflowId: string; runId: string; startedAt: number };
    type State = { name: string; status: string; result?: unknown; error?: { message: string } };
    const runs = (await all<Run>('runs')).filter((r) => r.workflowId === id);
    const latest = runs.sort((a, b) => b.startedAt - a.startedAt)[0];
    const tasks: Record<string, StoredTask> = {};
    if (!latest) return tasks;
    const rows = (await all<{ runId: string; seq: number; states: State[] }>('taskBatches'))
      .filter((r) => r.runId === latest.runId)
      .sort((a, b) => a.seq - b.seq);
    for (const row of rows)
      for (const s of row.states)
        tasks[s.name] = {
          status: s.status,
          result: s.result,
          ...(s.error ? { error: s.error } : {}),
        };
    db.close();
    return tasks;
  }, workflowId);
}

const SETTLED = new Set(['completed', 'failed', 'skipped', 'cancelled']);

/**
 * The latest stored run once every task in `names` has a settled state there: the page shows a
 * run's end from its events, a moment before the run worker's last write batch is committed.
 */
export async function settledStoredRun(
  page: Page,
  workflowId: string,
  names: readonly string[],
): Promise<Record<string, StoredTask>> {
  let run: Record<string, StoredTask> = {};
  await expect
    .poll(async () => {
      run = await latestStoredRun(page, workflowId);
      return names.every((name) => SETTLED.has(run[name]?.status ?? ''));
    })
    .toBe(true);
  return run;
}
