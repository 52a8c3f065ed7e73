// Trims a batch of run events before it crosses to the page: a task's earlier `task-status`
// events are dropped when a later one in the same batch carries its newer state.
import type { RunEvent } from '../engine/index.ts';

/**
 * The batch with only the last `task-status` event of each task, every other event kept, order
 * otherwise unchanged. The page keeps only each task's latest state, so within one batch (one
 * repaint) the earlier ones would be copied, decoded and reduced for nothing — on a big run,
 * about half of all events.
 */
export function coalesceStatusEvents(events: readonly RunEvent[]): RunEvent[] {
  const seen = new Set<string>();
  const kept: RunEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'task-status') {
      if (seen.has(event.task)) continue;
      seen.add(event.task);
    }
    kept.push(event);
  }
  return kept.reverse();
}
