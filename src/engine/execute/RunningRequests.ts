// The attempts a ThreadedRunner has handed to its pool, and what stops them: one abort listener per
// signal however many attempts share it, and `stop` for one attempt of a shared signal.
import type { AttemptRequest } from '../schedule/TaskRunner.ts';
import { SignalGroups } from './SignalGroups.ts';

/** Requests in flight by pool id, until the pool settles them. */
export class RunningRequests {
  /** Requests in flight by pool id (to run them here if workers turn out to be unavailable). */
  private readonly requests = new Map<number, AttemptRequest>();
  /** A signal's abort stops its attempts: a timeout terminates the worker, a cancel gets a grace period. */
  private readonly watched = new SignalGroups<number>((ids, reason) => {
    for (const id of [...ids]) this.cancel(id, reason);
    ids.clear();
  });

  /** `cancel` stops one attempt as its signal's abort does (a timeout, a cancel). */
  constructor(private readonly cancel: (id: number, reason: unknown) => void) {}

  /** Tracks the attempt `id` of `request`; its signal's ids, to add the chain sent with it. */
  add(id: number, request: AttemptRequest): Set<number> {
    this.requests.set(id, request);
    const watched = this.watched.of(request.ctx.signal);
    watched.add(id);
    return watched;
  }

  /** The request of attempt `id`, while in flight. */
  get(id: number): AttemptRequest | undefined {
    return this.requests.get(id);
  }

  /** An attempt is over: forget its request and stop watching its signal for it. */
  release(id: number): void {
    const request = this.requests.get(id);
    if (!request) return;
    this.requests.delete(id);
    this.watched.delete(request.ctx.signal, id);
  }

  /** Stops the attempt of `request` alone (see ThreadedRunner.stop); false when not in flight. */
  stop(request: AttemptRequest, reason: unknown): boolean {
    for (const [id, running] of this.requests) {
      if (running !== request) continue;
      this.watched.delete(request.ctx.signal, id);
      this.cancel(id, reason);
      return true;
    }
    return false;
  }
}
