// The IndexedDB store's fallback: a run whose write failed continues in memory for the rest of
// its life, never half in the database. Holds those runs' records and splits each write batch
// into what goes to memory and what goes to the database.
import { tupleKey } from './logCap.ts';
import { RunTable } from './runTable.ts';
import { batchRunKeys } from './writeBatcher.ts';
import type { WriteBatch } from './writeBatcher.ts';

// Only for runs kept in memory: the table hands its values to callers, and results are shared
// with the tasks that produced them. Runs in IndexedDB need no copy: `put` clones.
function cloneOrKeep<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Splits a batch by a predicate on its run key. */
function splitBatch(
  batch: WriteBatch,
  inMemory: Set<string>,
): [WriteBatch | undefined, WriteBatch] {
  if (inMemory.size === 0) return [undefined, batch];
  const memory: WriteBatch = { runs: [], tasks: [], logs: [] };
  const durable: WriteBatch = { runs: [], tasks: [], logs: [] };
  const pick = (wf: string, run: string) => (inMemory.has(tupleKey(wf, run)) ? memory : durable);
  for (const r of batch.runs) pick(r.workflowId, r.runId).runs.push(r);
  for (const t of batch.tasks) pick(t.workflowId, t.runId).tasks.push(t);
  for (const l of batch.logs) pick(l.workflowId, l.runId).logs.push(l);
  return [memory, durable];
}

/** The runs (by `tupleKey`) that could not be persisted, and their records. */
export class IdbMemoryFallback {
  /** The records of the runs kept in memory, for reads to merge with the stored ones. */
  readonly runs: RunTable;
  private readonly keys = new Set<string>();

  constructor(maxLogLines: number) {
    this.runs = new RunTable(cloneOrKeep, maxLogLines);
  }

  /** True when the run (by `tupleKey`) is kept in memory. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Applies the batch's writes of runs kept in memory; returns the rest, for the database. */
  applyOwn(batch: WriteBatch): WriteBatch {
    const [memory, durable] = splitBatch(batch, this.keys);
    if (memory) this.runs.apply(memory);
    return durable;
  }

  /** Moves the batch's runs to memory for the rest of their life; returns them for messages. */
  keep(batch: WriteBatch): string {
    const keys = batchRunKeys(batch);
    for (const key of keys) this.keys.add(key);
    this.runs.apply(batch);
    return [...keys]
      .map((key) => {
        const [workflowId, runId] = JSON.parse(key) as [string, string];
        return `run "${runId}" of workflow "${workflowId}"`;
      })
      .join(', ');
  }

  /** Forgets a deleted run. */
  delete(workflowId: string, runId: string): void {
    this.runs.delete(workflowId, runId);
    this.keys.delete(tupleKey(workflowId, runId));
  }
}
