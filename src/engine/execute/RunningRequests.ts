// The attempts a ThreadedRunner has handed to its pool, and what stops them: one abort listener per
// signal however many attempts share it, and `stop` for one attempt of a shared signal.
import type { AttemptRequest } from '../schedule/TaskRunner.ts';

/** Requests in flight by pool id, until the pool settles them. */
export class RunningRequests {
  /** Requests in flight by pool id (to run them here if workers turn out to be unavailable). */
  private readonly requests = new Map<number, AttemptRequest>();
  private readonly watched = new WeakMap<AbortSignal, Set<number>>();

  /** `cancel` stops one attempt as its signal's abort does (a timeout, a cancel). */
  constructor(private readonly cancel: (id: number, reason: unknown) => void) {}

  /** Tracks the attempt `id` of `request`; its signal's ids, to add the chain sent with it. */
  add(id: number, request: AttemptRequest): Set<number> {
    this.requests.set(id, request);
    const watched = this.watch(request.ctx.signal);
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
    this.watched.get(request.ctx.signal)?.delete(id);
  }

  /**
   * One abort listener per signal, however many attempts share it (the run's signal is shared by
   * every attempt without a timeout): a timeout terminates the worker, a cancel gets a grace period.
   */
  private watch(signal: AbortSignal): Set<number> {
    let ids = this.watched.get(signal);
    if (!ids) {
      const set = new Set<number>();
      ids = set;
      this.watched.set(signal, set);
      const onAbort = (): void => {
        for (const id of [...set]) this.cancel(id, signal.reason);
        set.clear();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    return ids;
  }

  /** Stops the attempt of `request` alone (see ThreadedRunner.stop); false when not in flight. */
  stop(request: AttemptRequest, reason: unknown): boolean {
    for (const [id, running] of this.requests) {
      if (running !== request) continue;
      this.watched.get(request.ctx.signal)?.delete(id);
      this.cancel(id, reason);
      return true;
    }
    return false;
  }
}
