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

/**
 * The schedule for a run of `taskCount` tasks: every animation frame for ordinary graphs; for big
 * ones a few times a second, since repainting hundreds of recoloured nodes each frame would take
 * the main thread (where the scheduler runs) away from the run itself.
 */
export function scheduleFor(taskCount: number): Schedule {
  if (taskCount <= BIG_RUN_TASKS) return defaultSchedule;
  return (flush) => setTimeout(flush, BIG_RUN_INTERVAL_MS);
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
