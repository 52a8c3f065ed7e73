// What becomes of the attempts a worker holds when the pool ends it and starts another.
import type { PoolJobs } from './PoolJobs.ts';
import {
  crashError,
  FollowerDropped,
  interruptedError,
  noteTaken,
  type PoolJob,
  type Slot,
} from './poolSlot.ts';

/**
 * Empties a worker that is being replaced: the blamed attempt fails, attempts the worker had
 * started fail as interrupted, and the rest are returned, to go back to the queue. `died` (an
 * unexpected death): side by side, its last start reports may be lost with it, so every attempt
 * that may have started (its oldest `perWorker`) counts as started; a replacement the pool decided
 * on comes after a grace period in which the reports arrived.
 */
export function releaseAttempts(
  slot: Slot,
  jobs: PoolJobs,
  perWorker: number,
  blame: { id: number; error: Error } | undefined,
  died: Error | undefined,
): PoolJob[] {
  const requeue: PoolJob[] = [];
  noteTaken(slot);
  let mayHaveStarted = died && perWorker > 1 ? perWorker + slot.wider : 0;
  for (const [id, job] of slot.inflight) {
    if (job.graceTimer !== undefined) clearTimeout(job.graceTimer);
    if (job.settled) continue;
    if (job.after) {
      // A follower never goes back to the queue: it ran (or was about to) only if the attempt
      // before it succeeded; otherwise the host dispatches it again if it should run.
      if (id === blame?.id) jobs.settle(job, false, crashError(job, blame.error));
      else if (job.after.succeeded) jobs.settle(job, false, interruptedError(job, died));
      else jobs.settle(job, false, new FollowerDropped());
      continue;
    }
    const started = job.started === true || mayHaveStarted-- > 0;
    if (id === blame?.id) {
      jobs.settle(job, false, crashError(job, blame.error));
    } else if (started) {
      jobs.settle(job, false, interruptedError(job, died));
    } else {
      delete job.slot;
      // Its chain was dropped just above or will be: it goes back alone.
      delete job.message.then;
      delete job.followers;
      requeue.push(job);
    }
  }
  slot.inflight.clear();
  return requeue;
}
