// Trims a batch of run events before it crosses to the page: a task's earlier `task-status`
// events (and an instance's earlier `task-instance` events) are dropped when a later one in the
// same batch carries its newer state.
import type { RunEvent } from '../engine/index.ts';

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
