// How the run worker's events reach the page: in batches, each task's status only as of the
// batch's end, and a run's final states sent once (see coalesceEvents.ts).
import type { RunEvent } from '../engine/index.ts';
import { coalesceStatusEvents, shareFinalStates } from './coalesceEvents.ts';
import type { RunSink } from './protocol.ts';

/**
 * Sends events in batches, at most one message per `batchMs` (`run-finished` at once), each
 * task's status only as of the end of the batch. With `eagerStarts` (executors that run task code
 * on this thread, where a busy task can hold it) a task's `running` status goes at once too, so
 * the page shows which task is holding the thread.
 */
export function eventBatcher(sink: RunSink, batchMs: number, eagerStarts: boolean) {
  let queue: RunEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const batch = shareFinalStates(coalesceStatusEvents(queue));
    queue = [];
    sink.events(batch);
  };
  return {
    push(event: RunEvent) {
      queue.push(event);
      if (
        event.type === 'run-finished' ||
        (eagerStarts && event.type === 'task-status' && event.status === 'running')
      )
        flush();
      else timer ??= setTimeout(flush, batchMs);
    },
    flush,
  };
}
