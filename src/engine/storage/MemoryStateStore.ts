// An in-memory StateStore: for tests, for runs that need no persistence, and as the reference
// behaviour the IndexedDB and JSON stores match.
import { FlowWeaverError } from '../model/errors.ts';
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord, StateStore, StoredRun } from './StateStore.ts';
import { recordFromEntries } from '../util/records.ts';
import { splitInstances } from './instanceRecords.ts';

interface Entry {
  run: RunRecord | undefined;
  tasks: Map<string, TaskRunState>;
  logs: Map<string, LogLine[]>;
}

/**
 * Keeps runs in a Map keyed by (workflow id, run id). Records are structured-cloned on the way in
 * and out, so callers can never mutate stored state by accident — just like a real store.
 */
export class MemoryStateStore implements StateStore {
  readonly #runs = new Map<string, Entry>();

  /** Loads a run, or `undefined` when never seen. */
  async loadRun(workflowId: string, runId: string): Promise<StoredRun | undefined> {
    const entry = this.#runs.get(key(workflowId, runId));
    if (!entry?.run) return undefined;
    // A clone has Object.prototype again: the tasks go back into a record without one.
    const copy = structuredClone({ run: entry.run, tasks: [...entry.tasks] });
    return splitInstances({ run: copy.run, tasks: recordFromEntries(copy.tasks) });
  }

  /** Creates or replaces the run record. */
  saveRun(run: RunRecord): void {
    this.#entry(run.workflowId, run.runId).run = structuredClone(run);
  }

  /** Stores the latest state of a task. */
  recordTask(workflowId: string, runId: string, state: TaskRunState): void {
    this.#entry(workflowId, runId).tasks.set(state.name, structuredClone(state));
  }

  /** Appends a task log line. */
  appendLog(workflowId: string, runId: string, task: string, line: LogLine): void {
    const logs = this.#entry(workflowId, runId).logs;
    let list = logs.get(task);
    if (!list) logs.set(task, (list = []));
    list.push({ ...line });
  }

  /** Throws `E_NOT_STORABLE` for values structured clone refuses (functions, symbols, DOM nodes…). */
  assertStorable(value: unknown): void {
    try {
      structuredClone(value);
    } catch (error) {
      throw new FlowWeaverError(
        'E_NOT_STORABLE',
        `Result cannot be stored: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Writes are synchronous; nothing to wait for. */
  async flush(): Promise<void> {}

  /** Runs of a workflow, newest first. */
  async listRuns(workflowId: string): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    for (const entry of this.#runs.values()) {
      if (entry.run?.workflowId === workflowId) runs.push(structuredClone(entry.run));
    }
    return runs.sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Forgets a run and its logs. */
  async deleteRun(workflowId: string, runId: string): Promise<void> {
    this.#runs.delete(key(workflowId, runId));
  }

  /** Log lines of a task in a run. */
  async getLogs(workflowId: string, runId: string, task: string): Promise<LogLine[]> {
    return (this.#runs.get(key(workflowId, runId))?.logs.get(task) ?? []).map((l) => ({ ...l }));
  }

  #entry(workflowId: string, runId: string): Entry {
    const k = key(workflowId, runId);
    let entry = this.#runs.get(k);
    if (!entry) this.#runs.set(k, (entry = { run: undefined, tasks: new Map(), logs: new Map() }));
    return entry;
  }
}

// JSON of the pair cannot collide, whatever characters the ids contain.
function key(workflowId: string, runId: string): string {
  return JSON.stringify([workflowId, runId]);
}
