// The outcomes a DistributedWorker returned to BullMQ whose completion it has not confirmed yet,
// saved beside their jobs when they wait too long, so work done is not lost with a job's lock.
// Node only.
import type { Redis } from 'ioredis';
import { KEEP_FINISHED_MS, resultKey, type AttemptJobResult } from './protocol.ts';

/** How long an outcome may wait for BullMQ's confirmation before it is also saved (ms). */
export const UNCONFIRMED_SAVE_MS = 500;

/**
 * Outcomes returned to BullMQ whose completion it has not confirmed yet, by job id. Normally
 * confirmed within a round trip and forgotten; one still here after {@link UNCONFIRMED_SAVE_MS}
 * (Redis went away, or the job's lock was lost) is also saved under `resultKey`, so the work is
 * not lost if the job fails for want of its lock. Not one extra command per attempt.
 */
export class UnconfirmedOutcomes {
  private readonly unconfirmed = new Map<string, { outcome: AttemptJobResult; since: number }>();

  /** `client`: the worker's Redis client, once it has one. */
  constructor(
    private readonly queueName: string,
    private readonly client: () => Redis | undefined,
  ) {}

  /**
   * Returns the outcome for BullMQ to report, keeping it until BullMQ confirms the completion;
   * while Redis is unreachable it is also saved under {@link resultKey} at once (the command waits
   * in the client's queue and lands first when Redis is back).
   */
  save(jobId: string, outcome: AttemptJobResult): AttemptJobResult {
    if (this.client()?.status !== 'ready') this.keep(jobId, outcome);
    else this.unconfirmed.set(jobId, { outcome, since: Date.now() });
    return outcome;
  }

  /** BullMQ confirmed the completion of `jobId`: its outcome is not saved. */
  confirmed(jobId: string): void {
    this.unconfirmed.delete(jobId);
  }

  /** Saves the outcomes whose completion BullMQ has not confirmed for `ms`. */
  saveOlderThan(ms: number): void {
    const before = Date.now() - ms;
    for (const [jobId, { outcome, since }] of this.unconfirmed)
      if (since <= before) this.keep(jobId, outcome);
  }

  /** Saves an outcome under {@link resultKey} (not awaited: kept in the client's queue in an outage). */
  private keep(jobId: string, outcome: AttemptJobResult): void {
    this.unconfirmed.delete(jobId);
    const key = resultKey(this.queueName, jobId);
    void this.client()
      ?.set(key, JSON.stringify(outcome), 'PX', KEEP_FINISHED_MS)
      .catch(() => undefined);
  }
}
