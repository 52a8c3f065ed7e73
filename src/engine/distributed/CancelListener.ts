// How a DistributedWorker hears that its coordinator stopped an attempt (a cancel or a timeout):
// the message published on the queue's cancel channel, or, for messages it may have missed while
// disconnected, the mark left beside each. Node only.
import { Redis, type RedisOptions } from 'ioredis';
import { RunCancelledError, TaskTimeoutError } from '../model/errors.ts';
import type { Attempt } from './Attempt.ts';
import { cancelChannel, cancelKey, parseMessage, type CancelMessage } from './protocol.ts';

/** How long a cancel heard for a job not running here is kept for it (ms). */
const RECENT_CANCEL_MS = 60_000;

/** Listens for the cancels of a worker's attempts and stops the attempts they name. */
export class CancelListener {
  private subscriber: Redis | undefined;
  /** True while the subscriber hears cancel messages (subscribed, connected). */
  private listening = false;
  /** Cancels heard for jobs not running here, by job id: when they were heard. */
  private readonly recentCancels = new Map<string, number>();

  /**
   * `active`: the attempts running on the worker, by job id; `client`: its Redis client, once it
   * has one; `stop`: stops an attempt (once).
   */
  constructor(
    private readonly queueName: string,
    private readonly active: ReadonlyMap<string, Attempt>,
    private readonly client: () => Redis | undefined,
    private readonly stop: (attempt: Attempt, reason: Error) => void,
  ) {}

  /** Connects a subscriber and subscribes to cancels; resolves once it hears them. */
  async listen(connection: RedisOptions): Promise<void> {
    this.subscriber = new Redis(connection);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, text: string) => this.onCancel(text));
    this.subscriber.on('close', () => (this.listening = false));
    this.subscriber.on('ready', () => void this.listenAgain());
    await this.subscriber.subscribe(cancelChannel(this.queueName));
    this.listening = true;
  }

  /**
   * The subscriber is back: once it is subscribed again (ioredis resubscribes first, on the same
   * connection), the marks of the running attempts are looked up for cancels missed meanwhile.
   */
  private async listenAgain(): Promise<void> {
    if (this.listening || !this.subscriber) return;
    try {
      await this.subscriber.subscribe(cancelChannel(this.queueName));
    } catch {
      return; // gone again: the next 'ready' tries again
    }
    this.listening = true;
    this.checkMarks([...this.active.keys()]);
  }

  private onCancel(text: string): void {
    const message = parseMessage<CancelMessage>(text);
    if (!message) return;
    const attempt = this.active.get(message.jobId);
    // Not (yet) running here: kept a while, for the attempt this worker may be about to start.
    if (!attempt) this.recentCancels.set(message.jobId, Date.now());
    else
      this.stop(
        attempt,
        message.reason === 'timeout'
          ? new TaskTimeoutError(message.jobId, 0, message.timeoutMs ?? 0)
          : cancelled(),
      );
  }

  /**
   * An attempt about to run: stopped if a cancel for it was heard before it started here, or
   * its cancel mark looked up while the subscriber is disconnected (see `process`).
   */
  starting(attempt: Attempt): void {
    if (this.recentCancels.delete(attempt.jobId)) this.stop(attempt, cancelled());
    else if (!this.listening) this.checkMarks([attempt.jobId]);
  }

  /**
   * Looks up the cancel mark of `jobIds` (set beside each cancel message) and stops the attempts
   * marked: for messages this worker may have missed, its subscriber being disconnected.
   */
  private checkMarks(jobIds: Iterable<string>): void {
    for (const jobId of jobIds)
      void this.client()
        ?.exists(cancelKey(this.queueName, jobId))
        .then(
          (marked) => {
            const attempt = this.active.get(jobId);
            if (marked > 0 && attempt) this.stop(attempt, cancelled());
          },
          () => undefined,
        );
  }

  /** Forgets the cancels heard for jobs that never came here. */
  forgetOld(): void {
    const heard = Date.now() - RECENT_CANCEL_MS;
    for (const [jobId, at] of this.recentCancels) if (at < heard) this.recentCancels.delete(jobId);
  }

  close(): void {
    this.subscriber?.disconnect();
  }
}

function cancelled(): RunCancelledError {
  return new RunCancelledError(undefined, 'Run cancelled by its coordinator');
}
