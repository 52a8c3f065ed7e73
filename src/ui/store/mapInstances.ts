// Instances of mapped tasks (`mapOver`) as the run views keep them: one list per task, indexed by
// the item's position (never-started instances are holes). Pure: no store, no DOM.
import {
  emptyRecord,
  type StoredRun,
  type TaskInstanceState,
  type TaskRunState,
} from '../../engine/index.ts';

/** A mapped task's instances by index; an index never started is `undefined`. */
export type InstanceList = readonly (TaskInstanceState | undefined)[];

/** Instance lists by mapped task name (a prototype-free record). */
export type InstancesByTask = Record<string, InstanceList>;

/**
 * The instance lists of a stored run, as a run view keeps them. With `onlyCompleted` (a resume),
 * only the completed ones, marked restored: the others run again and report themselves.
 */
export function instancesFromStored(stored: StoredRun, onlyCompleted = false): InstancesByTask {
  const byTask = emptyRecord<InstanceList>();
  for (const [task, states] of Object.entries(stored.instances ?? {})) {
    const list: (TaskInstanceState | undefined)[] = [];
    for (const state of states) {
      if (onlyCompleted && state.status !== 'completed') continue;
      list[state.index] = onlyCompleted ? { ...state, restored: true } : state;
    }
    byTask[task] = list;
  }
  return byTask;
}

/** How many instances a mapped task has, as far as the view knows (0 before its array is known). */
export function instanceTotal(state: TaskRunState | undefined, list: InstanceList | undefined) {
  return state?.map?.total ?? list?.length ?? 0;
}

/** Instance `index` of a task, or a pending placeholder for one never started. */
export function instanceAt(
  list: InstanceList | undefined,
  task: string,
  index: number,
): TaskInstanceState {
  return list?.[index] ?? { task, index, status: 'pending', attempts: 0, attemptHistory: [] };
}
