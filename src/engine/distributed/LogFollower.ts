// The live log lines (and start messages) workers publish on a run's channel while its attempts
// run, handed on to the attempts a DistributedRunner waits on. Node only.
import type { Redis } from 'ioredis';
import { logChannel, parseMessage, type LogBatch, type StartMessage } from './protocol.ts';
import type { Pending } from './WaitingAttempts.ts';

/** Follows the log channels of the runs a runner coordinates. */
export class LogFollower {
  /** Runs whose log channel is subscribed (`true`), or being subscribed to. */
  private readonly logRuns = new Map<string, Promise<void> | true>();

  constructor(
    private readonly queueName: string,
    private readonly pending: ReadonlyMap<string, Pending>,
  ) {}

  /**
   * Subscribes (once per run) to the log lines its workers send while attempts run: a promise
   * while subscribing, `undefined` once subscribed (or not, Redis being away: the lines still come
   * with each outcome, and the next attempt tries again).
   */
  follow(logs: Redis, runId: string): Promise<unknown> | undefined {
    const subscribed = this.logRuns.get(runId);
    if (subscribed === true) return undefined;
    if (subscribed) return subscribed;
    const subscribing = logs.subscribe(logChannel(this.queueName, runId)).then(
      () => void this.logRuns.set(runId, true),
      () => void this.logRuns.delete(runId),
    );
    this.logRuns.set(runId, subscribing);
    return subscribing;
  }

  /** Live log lines of a running attempt: handed on in order, once (a gap waits for the outcome). */
  onLogBatch(text: string): void {
    const batch = parseMessage<LogBatch | StartMessage>(text);
    const entry = batch && this.pending.get(batch.jobId);
    if (!batch || !entry) return;
    if ('started' in batch) {
      entry.request.started?.();
      return;
    }
    if (!Array.isArray(batch.lines) || batch.from > entry.logged) return;
    for (const line of batch.lines.slice(entry.logged - batch.from)) {
      entry.logged++;
      entry.request.onLog(line);
    }
  }

  /** Forgets every subscription (its connection is closed). */
  clear(): void {
    this.logRuns.clear();
  }
}
