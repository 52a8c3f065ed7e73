// How a DistributedRunner adds its attempts' jobs: those dispatched in one turn of the event loop
// go to Redis together, in one `Queue.addBulk`. Node only.
import type { Queue } from 'bullmq';
import { KEEP_FINISHED_MS, type AttemptJobData } from './protocol.ts';

/** How long jobs stay in Redis after they finish (seconds). */
const KEEP_FINISHED = { age: KEEP_FINISHED_MS / 1000 };
/** Every attempt's job: run once by BullMQ (the scheduler decides retries), kept a day. */
export const JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: KEEP_FINISHED,
} as const;

/** Adds jobs in bulk, one bulk per turn of the event loop. */
export class JobAdder {
  /** Jobs to add in the next bulk (see `add`). */
  private readonly adding: { jobId: string; data: AttemptJobData }[] = [];
  /** Settles once the next bulk is added (or refused); shared by the jobs in it. */
  private nextBulk: Promise<void> | undefined;
  /** Jobs being added (see `add`), by id: their bulk. */
  private readonly addsInFlight = new Map<string, Promise<void>>();

  /** `pending`: the attempts still waited on, by job id (a job of one no longer waited on is not added). */
  constructor(private readonly pending: ReadonlyMap<string, unknown>) {}

  /**
   * Adds the job with the others dispatched in the same turn of the event loop, in one
   * `Queue.addBulk` (one round trip for a ready set rather than one per attempt). Resolves once
   * that bulk is added.
   */
  add(queue: Queue, jobId: string, data: AttemptJobData): Promise<void> {
    this.adding.push({ jobId, data });
    this.nextBulk ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.nextBulk = undefined;
        const all = this.adding.splice(0);
        // An attempt stopped meanwhile (cancel, timeout) is not added at all.
        const batch = all.filter((entry) => this.pending.has(entry.jobId));
        const done = (): void => {
          for (const entry of all) this.addsInFlight.delete(entry.jobId);
        };
        if (batch.length === 0) {
          done();
          resolve();
          return;
        }
        queue
          .addBulk(
            batch.map(({ jobId: id, data: job }) => ({
              name: job.task,
              data: job,
              opts: { jobId: id, ...JOB_OPTIONS },
            })),
          )
          .then(
            () => {
              done();
              resolve();
            },
            (error: unknown) => {
              done();
              reject(error);
            },
          );
      });
    });
    // A cancel that comes while the job is on its way waits for it (see `DistributedRunner.stop`).
    this.addsInFlight.set(jobId, this.nextBulk);
    return this.nextBulk;
  }

  /** The bulk that is adding `jobId`, while it is on its way to Redis. */
  bulkOf(jobId: string): Promise<void> | undefined {
    return this.addsInFlight.get(jobId);
  }
}
