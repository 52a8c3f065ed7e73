// The attempts a DistributedRunner waits on, by the job whose outcome each waits for: how one is
// settled from its job's outcome or interrupted, and stopped when its signal aborts. Node only.
import { AttemptInterruptedError } from '../model/errors.ts';
import { deserializeError } from '../model/serializeError.ts';
import { SignalGroups } from '../execute/SignalGroups.ts';
import type { AttemptRequest } from '../schedule/TaskRunner.ts';
import { isStalledReason, type AttemptJobData, type AttemptJobResult } from './protocol.ts';

/** An attempt waiting for its job's outcome. */
export interface Pending {
  /** The job it waits on: its own, or an earlier attempt's it took over. */
  jobId: string;
  request: AttemptRequest;
  data: AttemptJobData;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  since: number;
  /** Log lines of the attempt already handed on (live, see `LogBatch`). */
  logged: number;
}

/** The attempts of a `DistributedRunner` waiting for their jobs' outcomes. */
export class WaitingAttempts {
  /** Every waiting attempt, by the id of the job it waits on. */
  readonly byJob = new Map<string, Pending>();
  /** A signal's abort rejects each attempt still waiting on it and stops its job. */
  private readonly watched = new SignalGroups<Pending>((entries, reason) => {
    for (const entry of [...entries]) {
      if (this.take(entry.jobId) !== entry) continue;
      this.fail(entry, reason);
      this.stopJob(entry.jobId, reason);
    }
  });
  /**
   * Tasks (see `retryKey`) whose last attempt this runner dispatched and saw end without a result:
   * their next attempt is a retry decided here, not a resumed run's. Only those are kept (not every
   * task dispatched, which grew with every run), each until its next attempt.
   */
  private readonly failedHere = new Set<string>();

  /** `stopJob` stops the job of an attempt its signal aborted (it is no longer waited on). */
  constructor(private readonly stopJob: (jobId: string, reason: unknown) => void) {}

  /** Waits on `entry`: until its job's outcome, or until its signal aborts. */
  add(entry: Pending): void {
    this.byJob.set(entry.jobId, entry);
    this.watched.of(entry.request.ctx.signal).add(entry);
  }

  /**
   * True when this runner saw the last attempt of `data`'s task end without a result (its next
   * attempt, this one, is then a retry decided here); forgotten from now on (see `failedHere`).
   */
  failedBefore(data: AttemptJobData): boolean {
    return this.failedHere.delete(retryKey(data));
  }

  /** The attempt waiting on `jobId`, no longer waiting (or `undefined` when none is). */
  take(jobId: string): Pending | undefined {
    const entry = this.byJob.get(jobId);
    if (!entry) return undefined;
    this.byJob.delete(jobId);
    this.watched.delete(entry.request.ctx.signal, entry);
    return entry;
  }

  finished(jobId: string, returnvalue: unknown): void {
    const entry = this.take(jobId);
    if (!entry) return;
    let outcome: AttemptJobResult;
    try {
      outcome = (
        typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue
      ) as AttemptJobResult;
    } catch {
      this.fail(
        entry,
        new Error(`Task "${entry.data.task}": its worker sent an unreadable result`),
      );
      return;
    }
    if (!outcome || typeof outcome !== 'object' || typeof outcome.ok !== 'boolean') {
      this.fail(
        entry,
        new Error(`Task "${entry.data.task}": its worker sent an unreadable result`),
      );
      return;
    }
    // The lines not yet handed on live.
    if (Array.isArray(outcome.logs))
      for (const line of outcome.logs.slice(entry.logged)) entry.request.onLog(line);
    if (outcome.ok) entry.resolve(outcome.value);
    else this.fail(entry, deserializeError(outcome.error));
  }

  interrupted(jobId: string, reason: string | undefined): void {
    const entry = this.take(jobId);
    if (!entry) return;
    const name = entry.data.task;
    // A task's own errors come back in a completed job (ok: false): a failed job is the
    // infrastructure's (its worker died, or it was stopped for an earlier coordinator's cancel),
    // so the attempt was interrupted and runs again.
    const why = isStalledReason(reason)
      ? 'its worker stopped answering (job stalled)'
      : `its job was stopped on the worker (${reason ?? 'no reason given'})`;
    this.fail(entry, new AttemptInterruptedError(name, why));
  }

  /** Ends a waiting attempt without a result (the scheduler may retry it: see `failedHere`). */
  fail(entry: Pending | undefined, error: unknown): void {
    if (!entry) return;
    this.failedHere.add(retryKey(entry.data));
    entry.reject(error);
  }
}

/** A task (or one instance of a mapped task) of a run: what `failedHere` keeps. */
function retryKey(data: AttemptJobData): string {
  return `${data.runId}\0${data.task}\0${data.map?.index ?? ''}`;
}
