import { expect, type Page } from '@playwright/test';

/** A task's state as the app stored it (the latest record of its latest run). */
export interface StoredTask {
  status: string;
  result?: unknown;
  error?: { message: string };
}

/** A stored attempt of a task. */
export interface StoredAttempt {
  attempt: number;
  outcome: string;
  startedAt: number;
  finishedAt?: number;
}

/** A task state as stored, with the fields specs read. */
interface StoredState extends StoredTask {
  name: string;
  attemptHistory?: StoredAttempt[];
  attempts?: number;
  startedAt?: number;
  /** Set on an instance of a mapped task: the mapped task's name and the item's index. */
  task?: string;
  index?: number;
}

/** A mapped task instance's state as the app stored it. */
export interface StoredInstance {
  index: number;
  status: string;
  result?: unknown;
  attempts?: number;
  startedAt?: number;
}

/** The run records of a workflow, and the task-state batches of each, read raw from IndexedDB. */
async function readRuns(page: Page, workflowId: string) {
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
    type Run = { workflowId: string; runId: string; startedAt: number; finishedAt?: number };
    const runs = (await all<Run>('runs')).filter((r) => r.workflowId === id);
    const ids = new Set(runs.map((r) => r.runId));
    const batches = (
      await all<{ runId: string; seq: number; states: StoredState[] }>('taskBatches')
    )
      .filter((b) => ids.has(b.runId))
      .sort((a, b) => a.seq - b.seq);
    db.close();
    return { runs, batches };
  }, workflowId);
}

/** The latest stored state of each task of a run, by name. */
function latestStates(
  batches: Awaited<ReturnType<typeof readRuns>>['batches'],
  runId: string,
): Record<string, StoredState> {
  const tasks: Record<string, StoredState> = {};
  for (const row of batches) if (row.runId === runId) for (const s of row.states) tasks[s.name] = s;
  return tasks;
}

/**
 * The latest stored state of each task of a workflow's most recent run, read straight from the
 * app's IndexedDB in the page (what a reload would show), not from the UI.
 */
export async function latestStoredRun(
  page: Page,
  workflowId: string,
): Promise<Record<string, StoredTask>> {
  const { runs, batches } = await readRuns(page, workflowId);
  const latest = runs.sort((a, b) => b.startedAt - a.startedAt)[0];
  const tasks: Record<string, StoredTask> = {};
  if (!latest) return tasks;
  for (const [name, s] of Object.entries(latestStates(batches, latest.runId)))
    tasks[name] = { status: s.status, result: s.result, ...(s.error ? { error: s.error } : {}) };
  return tasks;
}

/** The stored runs of a workflow (start, end) and the stored attempts of `task` in each. */
export async function storedRunTimes(page: Page, workflowId: string, task: string) {
  const { runs, batches } = await readRuns(page, workflowId);
  return runs.map((run) => ({
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    attempts: latestStates(batches, run.runId)[task]?.attemptHistory ?? [],
  }));
}

/**
 * The latest stored state of every instance of mapped task `task` in the workflow's most recent
 * run (what a reload would show), sorted by index. Instance records are told apart by their `task`
 * and `index` fields, not by the key a store files them under.
 */
export async function storedInstances(
  page: Page,
  workflowId: string,
  task: string,
): Promise<StoredInstance[]> {
  const { runs, batches } = await readRuns(page, workflowId);
  const latest = runs.sort((a, b) => b.startedAt - a.startedAt)[0];
  const byIndex = new Map<number, StoredInstance>();
  for (const row of batches)
    if (row.runId === latest?.runId)
      for (const s of row.states)
        if (s.task === task && typeof s.index === 'number')
          byIndex.set(s.index, {
            index: s.index,
            status: s.status,
            result: s.result,
            ...(s.attempts !== undefined ? { attempts: s.attempts } : {}),
            ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
          });
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
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

/** Every record of every object store of the app's IndexedDB database, as JSON text. */
export async function storedDatabaseText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('flowweaver');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return JSON.stringify(out);
  });
}
