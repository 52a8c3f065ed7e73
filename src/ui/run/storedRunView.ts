// A stored run as the run slice shows it: for the boot resume, a run another tab executes, and
// a run opened from history.
import { copyRecord, emptyRecord, type StoredRun } from '../../engine/index.ts';
import type { RunView } from '../store/runSlice.ts';
import { instancesFromStored } from '../store/mapInstances.ts';

/** A run view from what the store holds for a run. */
export function viewOfStoredRun(stored: StoredRun, source: RunView['source']): RunView | null {
  const { run } = stored;
  if (!run.document) return null;
  const kind = (['threaded', 'async', 'sequential'] as const).find((k) => k === run.executor?.kind);
  return {
    runId: run.runId,
    workflowId: run.workflowId,
    document: run.document,
    executor: { kind: kind ?? 'threaded' },
    status: run.status,
    source,
    startedAt: run.startedAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    tasks: copyRecord(stored.tasks),
    ...(stored.instances ? { instances: instancesFromStored(stored) } : {}),
    logs: emptyRecord(),
    droppedLogs: emptyRecord(),
    restored: Object.values(stored.tasks)
      .filter((t) => t.restored)
      .map((t) => t.name),
    ...(run.retryOf ? { retryOf: run.retryOf } : {}),
    ...(run.params ? { params: run.params } : {}),
  };
}
