// What a coordinator and its workers say to each other through Redis: the data of one attempt's
// BullMQ job, the envelope its result comes back in, job ids, and the cancel channel. Plain JSON.
import type { MissingInput } from '../model/missingInputs.ts';
import type { LogLine, SerializedError } from '../model/types.ts';

/** The BullMQ queue name when none is given. */
export const DEFAULT_QUEUE = 'flowweaver';

/** Largest result (bytes of its JSON) a worker sends back by default: 1 MiB. */
export const DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;

/** Log lines a worker keeps per attempt (the rest are counted, not sent). */
export const MAX_LOG_LINES = 1000;

/** The data of one attempt's job. */
export interface AttemptJobData {
  /** Protocol version: a worker refuses jobs of a version it does not know. */
  v: 1;
  runId: string;
  task: string;
  attempt: number;
  /** The body of a code task… */
  code?: string;
  /** …or the source of a self-contained function task. */
  fnSource?: string;
  dependsOn: readonly string[];
  inputs: Record<string, unknown>;
  missing?: readonly MissingInput[];
  /** The task's timeout; the worker enforces it too (a little later) should the coordinator be gone. */
  timeoutMs?: number;
  /** The run's parameter values. */
  params?: Record<string, unknown>;
  /** An instance of a mapped task: its item and index (`ctx.item`, `ctx.index`). */
  map?: { index: number; item: unknown };
  maxResultBytes: number;
}

/**
 * What a job returns. A task's own failure is a completed job with `ok: false`: BullMQ's failed
 * state is kept for the infrastructure (a stalled job, a cancelled or killed attempt).
 */
export type AttemptJobResult =
  | { ok: true; value: unknown; logs: LogLine[] }
  | { ok: false; error: SerializedError; logs: LogLine[] };

/** A request to stop a running attempt, published on {@link cancelChannel}. */
export interface CancelMessage {
  jobId: string;
  /** `timeout`: the coordinator's deadline passed (the thread is killed at once); `cancel`: the run was cancelled. */
  reason: 'timeout' | 'cancel';
  timeoutMs?: number;
}

/** Part of a job id: `:` is not allowed in BullMQ ids and `.` separates the parts. */
function idPart(text: string): string {
  return encodeURIComponent(text).replace(/\./g, '%2E');
}

/**
 * The job id of one attempt: run id, task name (with the instance's index for an instance of a
 * mapped task: `[` never comes out of `idPart`) and attempt number, so adding the same attempt
 * twice (a coordinator restarted) finds the job already there instead of running it again.
 */
export function attemptJobId(
  runId: string,
  task: string,
  attempt: number,
  instance?: number,
): string {
  const which = instance === undefined ? idPart(task) : `${idPart(task)}[${instance}]`;
  return `${idPart(runId)}.${which}.${attempt}`;
}

/** The pub/sub channel that carries {@link CancelMessage}s for a queue. */
export function cancelChannel(queue: string): string {
  return `flowweaver:${queue}:cancel`;
}

/**
 * The pub/sub channel on which workers send a run's log lines while its attempts run (a
 * coordinator subscribes to the runs it coordinates). The outcome carries every line again.
 */
export function logChannel(queue: string, runId: string): string {
  return `flowweaver:${queue}:logs:${runId}`;
}

/** Log lines of a running attempt, published on {@link logChannel}. */
export interface LogBatch {
  jobId: string;
  /** Index of the first line among the attempt's lines (batches of one attempt come in order). */
  from: number;
  lines: LogLine[];
}

/**
 * An attempt with a timeout began in its worker's thread (published on {@link logChannel}): its
 * `timeoutMs` counts from here, not from when the job was queued or taken from the queue (a
 * worker may hold jobs until a thread is free). A message lost to an outage leaves the
 * coordinator's clock unarmed; the worker's own deadline (timeout + grace) still ends the attempt.
 */
export interface StartMessage {
  jobId: string;
  started: true;
}

/** A pub/sub message's JSON, or `undefined` when it is not JSON. */
export function parseMessage<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A key set beside the message, for a worker that takes the job after the message went out. */
export function cancelKey(queue: string, jobId: string): string {
  return `flowweaver:${queue}:cancelled:${jobId}`;
}

/**
 * Where a worker also leaves an attempt's outcome when BullMQ does not confirm its completion at
 * once (Redis unreachable, or the lock lost): a worker cut off from Redis longer than its lock
 * loses the job to the stalled check, but not the outcome of the work it finished, which the
 * coordinator then takes instead of running the task again.
 */
export function resultKey(queue: string, jobId: string): string {
  return `flowweaver:${queue}:result:${jobId}`;
}

/** How long a job and its saved outcome stay in Redis: long enough for a restarted coordinator. */
export const KEEP_FINISHED_MS = 24 * 3600 * 1000;

/** BullMQ's reason for a job that stalled more often than allowed (its worker died). */
export function isStalledReason(reason: string | undefined): boolean {
  return reason !== undefined && /stalled more than allowable limit/i.test(reason);
}
