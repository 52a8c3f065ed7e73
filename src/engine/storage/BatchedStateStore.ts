// The write side the batching stores share (IndexedDB, JSON, SQLite): the scheduler's writes
// queue in a WriteBatcher and reach the store together, one commit per tick or per commit.
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { UnstorableValueError } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';
import type { WriteBatcher } from './writeBatcher.ts';

/** `saveRun`, `recordTask` and `appendLog` through the store's batcher. */
export abstract class BatchedStateStore {
  protected abstract readonly batcher: WriteBatcher;

  saveRun(run: RunRecord): void {
    this.batcher.putRun(run);
  }

  recordTask(workflowId: string, runId: string, state: TaskRunState): void {
    this.batcher.putTask(workflowId, runId, state);
  }

  appendLog(workflowId: string, runId: string, task: string, line: LogLine): void {
    this.batcher.addLog(workflowId, runId, task, line);
  }
}

/**
 * The state to store: as given, or, when its result fails `assert` (a caller skipped
 * `assertStorable`), without the result and with a warning, so the transition is still recorded.
 */
export function storableState(
  { workflowId, runId, state }: { workflowId: string; runId: string; state: TaskRunState },
  assert: (value: unknown) => void,
  warn: StorageWarningHandler,
): TaskRunState {
  try {
    assert(state.result);
    return state;
  } catch (error) {
    if (!(error instanceof UnstorableValueError)) throw error;
    warn(
      new UnstorableValueError(
        error.path,
        `Task "${state.name}" (run "${runId}" of workflow "${workflowId}"): ${error.message} It was left out of the state.`,
        { cause: error },
      ),
    );
    const { result: _result, ...rest } = state;
    return rest;
  }
}
