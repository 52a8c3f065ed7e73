// Writes of run data, each in one readwrite IndexedDB transaction: a write batch's rows, and the
// deletion of a run. Following idb's rule, nothing but IndexedDB requests is awaited while a
// transaction is open, or it would auto-commit early.
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { TaskRunState } from '../model/types.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type { FlowWeaverDB, LogBatchEntry, TaskBatchRow } from './idbSchema.ts';
import { runRange } from './idbRunRows.ts';
import { appendCapped, tupleKey } from './logCap.ts';
import { clones } from './storable.ts';
import { UnstorableValueError } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import type { WriteBatch } from './writeBatcher.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

/** Options of a readwrite transaction: see `IndexedDBStateStoreOptions.durability`. */
export type Durability = 'relaxed' | 'strict' | 'default';

/** Aborts a failed readwrite transaction (unless the failure already did) and waits for its end. */
export async function abortWrite(
  tx: IDBPTransaction<FlowWeaverDB, StoreNames<FlowWeaverDB>[], 'readwrite'>,
): Promise<void> {
  try {
    tx.abort();
  } catch {
    // Already aborted by the failure itself.
  }
  await tx.done.catch(() => undefined);
}

/** Deletes a run with its task states and logs (every layout's rows), in one transaction. */
export async function deleteRunRows(db: Db, workflowId: string, runId: string): Promise<void> {
  const tx = db.transaction(
    ['runs', 'taskStates', 'logs', 'taskBatches', 'logBatches'],
    'readwrite',
  );
  const range = runRange(workflowId, runId);
  await Promise.all([
    tx.objectStore('runs').delete([workflowId, runId]),
    tx.objectStore('taskStates').delete(range),
    tx.objectStore('logs').delete(range),
    tx.objectStore('taskBatches').delete(range),
    tx.objectStore('logBatches').delete(range),
    tx.done,
  ]);
}

function withoutResult(state: TaskRunState): TaskRunState {
  const { result: _result, ...rest } = state;
  return rest;
}

/** One run's share of a write batch. */
interface RunPart {
  workflowId: string;
  runId: string;
  states: TaskRunState[];
  logs: LogBatchEntry[];
}

/** Groups a batch's task states and log lines by run (the batch holds one state per task). */
function byRun(batch: WriteBatch, cap: number): RunPart[] {
  const parts = new Map<string, RunPart>();
  const part = (workflowId: string, runId: string): RunPart => {
    const key = tupleKey(workflowId, runId);
    let p = parts.get(key);
    if (!p) parts.set(key, (p = { workflowId, runId, states: [], logs: [] }));
    return p;
  };
  // Batches nearly always hold one run: skip the key building while the run stays the same.
  let last: RunPart | undefined;
  for (const { workflowId, runId, state } of batch.tasks) {
    if (last?.workflowId !== workflowId || last.runId !== runId) last = part(workflowId, runId);
    last.states.push(state);
  }
  for (const { workflowId, runId, task, lines } of batch.logs) {
    part(workflowId, runId).logs.push({ task, ...appendCapped(undefined, lines, cap) });
  }
  return [...parts.values()];
}

type BatchStores = ('runs' | 'taskBatches' | 'logBatches')[];

/** The `seq` after the run's last row in a batch store (0 for the first). */
async function nextSeq<S extends 'taskBatches' | 'logBatches'>(
  store: IDBPObjectStore<FlowWeaverDB, BatchStores, S, 'readwrite'>,
  workflowId: string,
  runId: string,
): Promise<number> {
  const last = await store.openKeyCursor(runRange(workflowId, runId), 'prev');
  const seq: unknown = (last?.key as unknown[] | undefined)?.[2];
  return typeof seq === 'number' ? seq + 1 : 0;
}

function uncloneableResult(
  workflowId: string,
  runId: string,
  task: string,
  error: unknown,
): UnstorableValueError {
  return new UnstorableValueError(
    'result',
    `The result of task "${task}" (run "${runId}" of workflow "${workflowId}") could not be stored and was left out: ${String(error)}`,
    { cause: error },
  );
}

/**
 * Writes a batch in one readwrite transaction: all of it or (on abort) none of it, so a failure
 * never leaves a half-written batch or touches earlier rows. Each run gets one task batch row
 * and one log batch row, whatever the number of tasks. A result that cannot be stored is left
 * out with an `UnstorableValueError` warning. Rejects when the transaction fails.
 */
export async function commitBatch(
  db: Db,
  batch: WriteBatch,
  cap: number,
  durability: Durability,
  warn: StorageWarningHandler,
): Promise<void> {
  const tx = db.transaction(['runs', 'taskBatches', 'logBatches'], 'readwrite', { durability });
  const ops: Promise<unknown>[] = [];
  try {
    const runs = tx.objectStore('runs');
    for (const run of batch.runs) ops.push(runs.put({ ...run, v: ROW_VERSION }));
    const taskBatches = tx.objectStore('taskBatches');
    const logBatches = tx.objectStore('logBatches');
    for (const { workflowId, runId, states, logs } of byRun(batch, cap)) {
      if (states.length > 0) {
        ops.push(
          nextSeq(taskBatches, workflowId, runId).then((seq) => {
            const row: TaskBatchRow = { v: ROW_VERSION, workflowId, runId, seq, states };
            try {
              return taskBatches.put(row);
            } catch (error) {
              // assertStorable should have caught it; keep the transitions, drop only the
              // results that cannot be cloned (found one by one, on this rare path only).
              if ((error as { name?: unknown }).name !== 'DataCloneError') throw error;
              const storable = states.map((state) => {
                if (clones(state)) return state;
                warn(uncloneableResult(workflowId, runId, state.name, error));
                return withoutResult(state);
              });
              return taskBatches.put({ ...row, states: storable });
            }
          }),
        );
      }
      if (logs.length > 0) {
        ops.push(
          nextSeq(logBatches, workflowId, runId).then((seq) =>
            logBatches.put({ v: ROW_VERSION, workflowId, runId, seq, logs }),
          ),
        );
      }
    }
    await Promise.all([...ops, tx.done]);
  } catch (error) {
    await abortWrite(tx);
    throw error;
  }
}
