// Batches engine events so the store (and React) update once per animation frame, not per event.
import type { RunEvent } from '../../engine/index.ts';

export interface EventBridge {
  /** Queues an event; `run-finished` flushes at once so the settled state is never late. */
  push(event: RunEvent): void;
  /** Applies everything queued now. */
  flush(): void;
}

/** A hidden tab gets no animation frames; this timer keeps mirrors and the store moving anyway. */
const FALLBACK_MS = 250;

export type Schedule = (flush: () => void) => void;

const defaultSchedule: Schedule = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  setTimeout(flush, FALLBACK_MS);
};

/** Above this many tasks the canvas repaints at most every BIG_RUN_INTERVAL_MS, not every frame. */
export const BIG_RUN_TASKS = 300;
const BIG_RUN_INTERVAL_MS = 200;
const FRAME_MS = 16;

/**
 * How often the run worker sends a run's events: about once a frame for ordinary graphs; a few
 * times a second for big ones, since repainting hundreds of recoloured nodes each frame would
 * keep the main thread (and one of the cores the task workers need) busy for nothing.
 */
export function batchIntervalFor(taskCount: number): number {
  return taskCount > BIG_RUN_TASKS ? BIG_RUN_INTERVAL_MS : FRAME_MS;
}

/** Calls `apply` with the events queued since the last frame, in order, at most once per frame. */
export function createEventBridge(
  apply: (events: readonly RunEvent[]) => void,
  schedule: Schedule = defaultSchedule,
): EventBridge {
  let queue: RunEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    apply(batch);
  };
  return {
    push(event) {
      queue.push(event);
      if (event.type === 'run-finished') flush();
      else if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
