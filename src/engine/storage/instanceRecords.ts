// Instances of mapped tasks in stores: written as task states under `instanceKey(task, index)`,
// so every store keeps them with no schema of its own, and split out again when a run is loaded.
import { instanceKey, parseInstanceKey } from '../model/mapping.ts';
import type { TaskInstanceState, TaskRunState } from '../model/types.ts';
import { emptyRecord } from '../util/records.ts';
import type { StoredRun } from './StateStore.ts';

/** The task state a store keeps for an instance (its name is the instance key). */
export function instanceRecord(state: TaskInstanceState): TaskRunState {
  return { ...state, name: instanceKey(state.task, state.index) } as TaskRunState;
}

/**
 * A loaded run with the instance records moved from `tasks` to `instances` (by task, sorted by
 * index). Every store's `loadRun` returns its run through this.
 */
export function splitInstances(stored: StoredRun): StoredRun {
  let instances: Record<string, TaskInstanceState[]> | undefined;
  for (const key of Object.keys(stored.tasks)) {
    const id = parseInstanceKey(key);
    if (id === undefined) continue;
    const { name: _name, ...rest } = stored.tasks[key]!;
    delete stored.tasks[key];
    const state = { ...rest, task: id.task, index: id.index } as TaskInstanceState;
    const list = ((instances ??= emptyRecord())[id.task] ??= []);
    list.push(state);
  }
  if (instances === undefined) return stored;
  for (const list of Object.values(instances)) list.sort((a, b) => a.index - b.index);
  return { ...stored, instances };
}

/** The recorded instances of `task` in a stored run, sorted by index; `[]` when it has none. */
export function instancesOf(stored: StoredRun, task: string): TaskInstanceState[] {
  const instances = stored.instances;
  return instances !== undefined && Object.hasOwn(instances, task) ? instances[task]! : [];
}
