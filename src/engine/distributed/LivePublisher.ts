// What a DistributedWorker tells a run's coordinator while an attempt runs, on the run's log
// channel: that an attempt with a timeout began, and its log lines. Lost in an outage (the
// outcome carries the lines again). Node only.
import type { Redis } from 'ioredis';
import type { LogLine } from '../model/types.ts';
import type { Attempt } from './Attempt.ts';
import { logChannel, MAX_LOG_LINES, type LogBatch, type StartMessage } from './protocol.ts';

/** Log lines of a running attempt are sent at most this often (ms). */
const LOG_FLUSH_MS = 50;

/** Publishes start messages and live log lines of a worker's attempts. */
export class LivePublisher {
  /** `client`: the worker's Redis client, once it has one. */
  constructor(
    private readonly queueName: string,
    private readonly client: () => Redis | undefined,
  ) {}

  /**
   * Keeps a log line of a running attempt and sends it to its coordinator while the attempt runs
   * (on the run's log channel, at most every {@link LOG_FLUSH_MS}); the outcome carries them all
   * again, so a batch lost to an outage costs nothing but liveness. Lines not sent when the
   * attempt ends are dropped from the live stream: the outcome follows.
   */
  addLog(attempt: Attempt, line: LogLine): void {
    if (attempt.logs.length >= MAX_LOG_LINES) {
      attempt.dropped++;
      return;
    }
    attempt.logs.push(line);
    attempt.logTimer ??= setTimeout(this.publishLogs, LOG_FLUSH_MS, attempt);
  }

  /** Tells the coordinator that an attempt with a timeout began (see {@link StartMessage}). */
  publishStart(attempt: Attempt): void {
    const message: StartMessage = { jobId: attempt.jobId, started: true };
    this.publish(attempt, message);
  }

  /** Sends `message` to the coordinator of `attempt`'s run (its log channel); lost in an outage. */
  private publish(attempt: Attempt, message: StartMessage | LogBatch): void {
    void this.client()
      ?.publish(logChannel(this.queueName, attempt.data.runId), JSON.stringify(message))
      .catch(() => undefined);
  }

  private readonly publishLogs = (attempt: Attempt): void => {
    attempt.logTimer = undefined;
    const { logs, sent } = attempt;
    if (sent >= logs.length) return;
    const batch: LogBatch = { jobId: attempt.jobId, from: sent, lines: logs.slice(sent) };
    attempt.sent = logs.length;
    this.publish(attempt, batch);
  };
}
