// The pool's bookkeeping shapes and the small helpers around them.
import { AttemptInterruptedError } from '../model/errors.ts';
import type { AttemptMessage } from '../worker/protocol.ts';
import type { LogLine } from '../model/types.ts';
import type { WorkerLink } from './workerLink.ts';

/** One attempt waiting for, or running in, a worker. */
export interface PoolJob {
  readonly message: AttemptMessage;
  /** Runs alone on its worker (attempts with a hard timeout). */
  readonly exclusive: boolean;
  readonly onLog: (line: LogLine) => void;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
  /** The worker said it began this attempt (workers running several at once). */
  started?: boolean;
  /** Told when the attempt begins in its worker (attempts whose timeout counts from then). */
  onStart?: () => void;
  /** Its place among the attempts sent to its worker (0 for the first), for `Slot.link.taken`. */
  seq?: number;
  slot?: Slot;
  graceTimer?: ReturnType<typeof setTimeout>;
  /** Settled with a result (not an error). */
  succeeded?: boolean;
  /** The chain that follows this attempt in its worker (see AttemptMessage.then). */
  followers?: PoolJob[];
  /** Set on a follower: the attempt it follows (the head of its chain, or the follower before it). */
  after?: PoolJob;
}

/** One worker of the pool: starting (`link` unset) or live, with its attempts in dispatch order. */
export interface Slot {
  link: WorkerLink | undefined;
  inflight: Map<number, PoolJob>;
  exclusive: boolean;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When it last ran out of work (Date.now()); unset while it has work. */
  idleSince: number | undefined;
  /** Keys of the task sources this worker has been sent (see TaskSourcePayload.key). */
  known: Set<number>;
  /** Attempts (not followers) sent to it so far: the next one's `seq`. */
  sent: number;
  /**
   * Attempts it may hold beyond the pool's window because the ones it holds are all waiting (it
   * said `awaiting`); back to 0 once it runs out of work.
   */
  wider: number;
}

/**
 * How a follower settles when its worker never ran it (the chain stopped before it, or the worker
 * was replaced before the attempt it follows succeeded): the host dispatches it itself if needed.
 */
export class FollowerDropped extends Error {
  constructor() {
    super('The chain stopped before this task; the host dispatches it');
    this.name = 'FollowerDropped';
  }
}

/** The error of an attempt whose worker crashed under it. */
export function crashError(job: PoolJob, cause: Error): Error {
  const message = `Worker crashed while running task "${job.message.task.name}": ${cause.message}`;
  return Object.assign(new Error(message, { cause }), { code: 'E_WORKER_CRASHED' });
}

/** The error of an attempt that was (or may have been) running beside one that ended its worker. */
export function interruptedError(job: PoolJob, cause: Error | undefined): Error {
  const why = cause ? cause.message : 'another attempt in it overran its timeout or cancel';
  // Not the task's fault: the scheduler records the attempt `interrupted` and runs it again
  // without using up a retry (and fails it after a few in a row).
  const error = new AttemptInterruptedError(
    job.message.task.name,
    `its worker was replaced (${why})`,
  );
  if (cause) Object.defineProperty(error, 'cause', { value: cause, configurable: true });
  return error;
}

/** Attempts run in dispatch order, so after a silent death the oldest one was running. */
export function firstInflight(slot: Slot): number | undefined {
  return slot.inflight.keys().next().value;
}

/**
 * Marks as started every attempt the worker has taken from its queue, where it shares that count
 * (it takes them in the order sent and counts each before running it).
 */
export function noteTaken(slot: Slot): void {
  const taken = slot.link?.taken?.();
  if (taken === undefined) return;
  for (const job of slot.inflight.values())
    if (job.seq !== undefined && job.seq < taken) job.started = true;
}

/** The oldest attempt the worker began (workers running several at once). */
export function firstStarted(slot: Slot): number | undefined {
  noteTaken(slot);
  for (const [id, job] of slot.inflight) if (job.started && !job.settled) return id;
  return undefined;
}

/** Lets a timer not keep a Node process alive (no-op in browsers). */
export function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
