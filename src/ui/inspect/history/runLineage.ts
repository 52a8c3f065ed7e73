// Pure: how the runs of a "Retry failed" chain are linked in run history. A retry is a run of its
// own that names the run it retries (RunRecord.retryOf); the retried run never changes, so which
// runs retried it is found from the list.
import type { RunRecord } from '../../../engine/index.ts';
import { shortRunId } from '../shared/format.ts';

/** The ids of the runs that retried each run, by the retried run's id, in list order. */
export function retriedBy(records: readonly RunRecord[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const record of records) {
    const parent = record.retryOf?.parentRunId;
    if (parent === undefined) continue;
    const list = children.get(parent);
    if (list) list.push(record.runId);
    else children.set(parent, [record.runId]);
  }
  return children;
}

/**
 * What a history row says about its place in a chain of retries, e.g. "attempt 2 · retry of
 * 1a2b3c4d · retried by 5e6f7a8b"; `null` for a run that is neither a retry nor retried.
 */
export function lineageText(
  record: Pick<RunRecord, 'retryOf'>,
  retries: readonly string[] = [],
): string | null {
  const parts: string[] = [];
  if (record.retryOf) {
    parts.push(
      `attempt ${record.retryOf.attempt}`,
      `retry of ${shortRunId(record.retryOf.parentRunId)}`,
    );
  }
  if (retries.length > 0) parts.push(`retried by ${retries.map(shortRunId).join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
