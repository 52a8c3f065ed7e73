// In-memory tables of runs, task states and logs: the JSON store's working copy and the
// IndexedDB store's fallback when storage fails. Values go in and come out through `clone`, so
// callers can never mutate what the table holds.
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord, StoredRun } from './StateStore.ts';
import { appendCapped, readableLines } from './logCap.ts';
import type { LogBucket } from './logCap.ts';
import type { WriteBatch } from './writeBatcher.ts';
import { recordFromEntries } from '../util/records.ts';

/** One run's records. `run` is missing when tasks were recorded before the run record. */
export interface RunEntry {
  run?: RunRecord;
  tasks: Map<string, TaskRunState>;
  logs: Map<string, LogBucket>;
}

/** Copies a value on its way in or out of the table. */
export type Clone = <T>(value: T) => T;

/** Runs keyed by workflow id, then run id. */
export class RunTable {
  private readonly byWorkflow = new Map<string, Map<string, RunEntry>>();

  constructor(
    private readonly clone: Clone,
    private readonly maxLogLines: number,
  ) {}

  /** Applies a batch of queued writes. */
  apply(batch: WriteBatch): void {
    for (const run of batch.runs) this.entry(run.workflowId, run.runId).run = this.clone(run);
    for (const { workflowId, runId, state } of batch.tasks) {
      this.entry(workflowId, runId).tasks.set(state.name, this.clone(state));
    }
    for (const { workflowId, runId, task, lines } of batch.logs) {
      const logs = this.entry(workflowId, runId).logs;
      logs.set(task, appendCapped(logs.get(task), this.clone(lines), this.maxLogLines));
    }
  }

  /** Puts a whole entry (loading from a file or an import); replaces one with the same key. */
  put(workflowId: string, runId: string, entry: RunEntry): void {
    this.runsOf(workflowId, true).set(runId, entry);
  }

  /** The raw entry, or `undefined`. */
  get(workflowId: string, runId: string): RunEntry | undefined {
    return this.byWorkflow.get(workflowId)?.get(runId);
  }

  /** A copy of a run with its tasks, or `undefined` when the run record is unknown. */
  load(workflowId: string, runId: string): StoredRun | undefined {
    const parts = this.parts(workflowId, runId);
    return parts?.run ? { run: parts.run, tasks: parts.tasks } : undefined;
  }

  /** Copies of whatever is held for a run, even without a run record (to merge with another source). */
  parts(
    workflowId: string,
    runId: string,
  ): { run: RunRecord | undefined; tasks: Record<string, TaskRunState> } | undefined {
    const entry = this.get(workflowId, runId);
    if (!entry) return undefined;
    return {
      run: entry.run && this.clone(entry.run),
      tasks: recordFromEntries([...entry.tasks].map(([name, s]) => [name, this.clone(s)])),
    };
  }

  /** Copies of the run records of a workflow, newest first. */
  list(workflowId: string): RunRecord[] {
    const runs: RunRecord[] = [];
    for (const entry of this.runsOf(workflowId, false)?.values() ?? []) {
      if (entry.run) runs.push(this.clone(entry.run));
    }
    return runs.sort((a, b) => b.startedAt - a.startedAt);
  }

  /** The log a reader sees, with the dropped-lines note. */
  logs(workflowId: string, runId: string, task: string): LogLine[] {
    return this.clone(readableLines(this.get(workflowId, runId)?.logs.get(task)));
  }

  /** The raw log bucket of a task, for merging with another source. */
  logBucket(workflowId: string, runId: string, task: string): LogBucket | undefined {
    return this.get(workflowId, runId)?.logs.get(task);
  }

  delete(workflowId: string, runId: string): void {
    const runs = this.byWorkflow.get(workflowId);
    runs?.delete(runId);
    if (runs?.size === 0) this.byWorkflow.delete(workflowId);
  }

  /** Every entry, for serialising. */
  *entries(): IterableIterator<[workflowId: string, runId: string, entry: RunEntry]> {
    for (const [workflowId, runs] of this.byWorkflow) {
      for (const [runId, entry] of runs) yield [workflowId, runId, entry];
    }
  }

  private runsOf(workflowId: string, create: true): Map<string, RunEntry>;
  private runsOf(workflowId: string, create: false): Map<string, RunEntry> | undefined;
  private runsOf(workflowId: string, create: boolean): Map<string, RunEntry> | undefined {
    let runs = this.byWorkflow.get(workflowId);
    if (!runs && create) this.byWorkflow.set(workflowId, (runs = new Map()));
    return runs;
  }

  private entry(workflowId: string, runId: string): RunEntry {
    const runs = this.runsOf(workflowId, true);
    let entry = runs.get(runId);
    if (!entry) runs.set(runId, (entry = { tasks: new Map(), logs: new Map() }));
    return entry;
  }
}
