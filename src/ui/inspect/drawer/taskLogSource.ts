// Which stored run holds the logs of a task. A task restored by "Retry failed" did not run in the
// retry: it ran in an earlier run of the chain (RunRecord.retryOf), whose store holds its logs. A
// task restored by a resume ran in the same run. Framework-free: the store is passed in.
import type { RunLineage, StateStore, TaskRunState } from '../../../engine/index.ts';

/** Longest chain of retries followed back (a guard against a cycle in hand-edited records). */
const MAX_HOPS = 1000;

/** Where the task ran: a run id, and whether that run is still stored. */
export interface TaskLogSource {
  runId: string;
  stored: boolean;
}

/** The shown run, as far as finding the task's logs goes (its own record may not be written yet). */
export interface ShownRunRef {
  workflowId: string;
  runId: string;
  retryOf?: RunLineage | undefined;
  /** The task's (or a mapped task instance's) state as the run on screen has it. */
  state?: Pick<TaskRunState, 'restored'> | undefined;
}

/**
 * Follows the retry chain back from `shown` to the run where `task` really ran: a state stored as
 * restored means it came from the run this one retries. The shown run's own view stands in for its
 * record until the run worker has written it (a retry's seeds are written as it starts).
 */
export async function whereTaskRan(
  store: Pick<StateStore, 'loadRun'>,
  shown: ShownRunRef,
  task: string,
): Promise<TaskLogSource> {
  let runId = shown.runId;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const stored = await store.loadRun(shown.workflowId, runId);
    if (!stored && hop > 0) return { runId, stored: false };
    const own = stored && Object.hasOwn(stored.tasks, task) ? stored.tasks[task] : undefined;
    const state = own ?? (hop === 0 ? shown.state : undefined);
    const lineage = stored?.run.retryOf ?? (hop === 0 ? shown.retryOf : undefined);
    if (!state?.restored || !lineage) return { runId, stored: true };
    runId = lineage.parentRunId;
  }
  return { runId, stored: true };
}
