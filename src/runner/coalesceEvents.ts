// Trims a batch of run events before it crosses to the page: a task's earlier `task-status`
// events (and an instance's earlier `task-instance` events) are dropped when a later one in the
// same batch carries its newer state.
import { copyRecord, type RunEvent, type TaskRunState } from '../engine/index.ts';

/**
 * The batch with only the last `task-status` event of each task and the last `task-instance`
 * event of each instance of a mapped task (it carries the task's newest counts too), every other
 * event kept, order otherwise unchanged. The page keeps only each task's latest state, so within
 * one batch (one repaint) the earlier ones would be copied, decoded and reduced for nothing — on
 * a big run, about half of all events; a mapped task's instances send two or three each.
 */
export function coalesceStatusEvents(events: readonly RunEvent[]): RunEvent[] {
  const seen = new Set<string>();
  let instances: Map<string, Set<number>> | undefined;
  const kept: RunEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'task-status') {
      if (seen.has(event.task)) continue;
      seen.add(event.task);
    } else if (event.type === 'task-instance') {
      let indexes = (instances ??= new Map()).get(event.task);
      if (indexes === undefined) instances.set(event.task, (indexes = new Set<number>()));
      if (indexes.has(event.index)) continue;
      indexes.add(event.index);
    }
    kept.push(event);
  }
  return kept.reverse();
}

/**
 * The batch with its `run-finished` event's task states replaced by the equal states of the
 * batch's own `task-status` events, the same objects: a message copies an object it holds twice
 * only once, so a run that ends within one batch (a 1,000-task run on the big-graph interval)
 * crosses to the page with its 1,000 final states once, not twice, and the page's reducer sees at
 * once that they did not change. The engine's result object is left as it is (a copy is changed).
 */
export function shareFinalStates(batch: RunEvent[]): RunEvent[] {
  const at = batch.findIndex((e) => e.type === 'run-finished');
  const finished = batch[at];
  if (finished?.type !== 'run-finished') return batch;
  const final = finished.result.tasks;
  let tasks: typeof final | undefined;
  for (const event of batch) {
    if (event.type !== 'task-status') continue;
    const state = final[event.task];
    if (state === undefined || state === event.state || !sameState(state, event.state)) continue;
    tasks ??= copyRecord(final);
    tasks[event.task] = event.state;
  }
  if (!tasks) return batch;
  const shared = batch.slice();
  shared[at] = { ...finished, result: { ...finished.result, tasks } };
  return shared;
}

/** Two states of one task alike in every field, its result the same value (not compared deeply). */
function sameState(a: TaskRunState, b: TaskRunState): boolean {
  const keys = Object.keys(a) as (keyof TaskRunState)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === 'result' ? !Object.is(a.result, b.result) : !samePlain(a[key], b[key], 3))
      return false;
  }
  return true;
}

/** Plain data (attempt history, a serialized error, map counts) alike to `depth` levels. */
function samePlain(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keys.every((key) => Object.hasOwn(y, key) && samePlain(x[key], y[key], depth - 1));
}
