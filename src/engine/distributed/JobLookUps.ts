// What a DistributedRunner reads from Redis rather than hears from the queue's events: the job of
// an earlier attempt a resumed run takes over, jobs whose events were missed (an outage, a
// restarted coordinator), and the outcomes workers saved beside failed jobs. Node only.
import { Job, type Queue } from 'bullmq';
import { attemptJobId, isStalledReason, resultKey, type AttemptJobData } from './protocol.ts';
import { JOB_OPTIONS } from './JobAdder.ts';
import type { RunnerLink } from './RunnerLink.ts';
import type { WaitingAttempts } from './WaitingAttempts.ts';

/** Looks jobs and saved outcomes up for the attempts a runner waits on. */
export class JobLookUps {
  constructor(
    private readonly queueName: string,
    private readonly attempts: WaitingAttempts,
    private readonly link: RunnerLink,
  ) {}

  /**
   * Takes over the job of the attempt just before, the one a resume found running (older ones are
   * decided), unless it failed without an outcome; true when it did. Not when the job of this
   * attempt exists already: the stopped coordinator saw the earlier one end and queued this one
   * before its record said so, and `dispatch` then waits on this one (adopting the earlier one
   * would run the task again beside it).
   */
  async adoptEarlier(queue: Queue, jobId: string, data: AttemptJobData): Promise<boolean> {
    if (await Job.fromId(queue, jobId)) return false;
    const earlier = attemptJobId(data.runId, data.task, data.attempt - 1, data.map?.index);
    const job = await Job.fromId(queue, earlier);
    if (!job) return false;
    const state = await job.getState();
    // Even one stopped for a cancel is waited on: it may have completed meanwhile (then its
    // result is taken); if it ends failed, the attempt counts as interrupted and runs again. A
    // failed one counts only when its worker saved an outcome (it finished the work).
    const saved = state === 'failed' ? await this.savedOutcome(earlier) : null;
    if (state === 'unknown' || (state === 'failed' && saved === null)) return false;
    const pending = this.attempts.byJob;
    const entry = pending.get(jobId);
    if (!entry) return true;
    pending.delete(jobId);
    entry.jobId = earlier;
    pending.set(earlier, entry);
    if (state === 'completed')
      this.attempts.finished(earlier, await this.completedValue(queue, job));
    else if (saved !== null) this.attempts.finished(earlier, saved);
    // Began before this coordinator listened: its timeout counts from now.
    else if (state === 'active') entry.request.started?.();
    return true;
  }

  /**
   * The return value of a job found completed. The job was read before its state: if it completed
   * in between, that copy has no return value yet, so it is read again (or taken from the outcome
   * its worker saved beside it).
   */
  private async completedValue(queue: Queue, job: Job): Promise<unknown> {
    if (job.returnvalue !== null && job.returnvalue !== undefined) return job.returnvalue;
    const id = job.id ?? '';
    const fresh = await Job.fromId(queue, id);
    if (fresh?.returnvalue !== null && fresh?.returnvalue !== undefined) return fresh.returnvalue;
    return this.savedOutcome(id);
  }

  /** Settles a waiting attempt from its job as stored (an event may have been missed). */
  async lookUp(queue: Queue, jobId: string, addAs: string): Promise<void> {
    const job = await Job.fromId(queue, jobId);
    const entry = this.attempts.byJob.get(jobId);
    if (!entry) return;
    if (!job) {
      // Lost (Redis restarted without its data): add it again under the same id.
      await queue.add(entry.data.task, entry.data, { jobId: addAs, ...JOB_OPTIONS });
      return;
    }
    const state = await job.getState();
    if (state === 'completed') this.attempts.finished(jobId, await this.completedValue(queue, job));
    else if (state === 'failed') this.failed(jobId, job.failedReason);
    // Its start may have been missed (an outage, a restarted coordinator): the clock runs from now.
    else if (state === 'active') entry.request.started?.();
  }

  /** Looks up every job waited on for at least `olderThanMs` (after an outage: all of them). */
  async reconcile(olderThanMs: number): Promise<void> {
    if (!this.link.opened || this.attempts.byJob.size === 0) return;
    const { queue } = await this.link.opened;
    const now = Date.now();
    for (const [jobId, entry] of [...this.attempts.byJob]) {
      if (now - entry.since < olderThanMs) continue;
      try {
        await this.lookUp(queue, jobId, jobId);
      } catch {
        return; // Redis went away again; the next round or 'ready' tries again
      }
    }
  }

  /**
   * A failed job: its worker may still have finished the work and saved the outcome (it lost its
   * lock while cut off from Redis), so that is looked for first, again a second later for a
   * stalled job (the worker's save may be on its way); only then is the attempt interrupted.
   */
  failed(jobId: string, reason: string | undefined): void {
    if (!this.attempts.byJob.has(jobId)) return;
    void (async () => {
      let saved = await this.savedOutcome(jobId);
      if (saved === null && isStalledReason(reason)) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        saved = await this.savedOutcome(jobId);
      }
      if (saved !== null) this.attempts.finished(jobId, saved);
      else this.attempts.interrupted(jobId, reason);
    })().catch(() => this.attempts.interrupted(jobId, reason));
  }

  /** The outcome a worker saved for `jobId` (see `resultKey`), or `null`. */
  private async savedOutcome(jobId: string): Promise<string | null> {
    const { client } = await this.link.open();
    return client.get(resultKey(this.queueName, jobId));
  }
}
