// The tasks of chains a ThreadedRunner sends ahead with the attempt before them (see
// `AttemptRequest.followers`): kept here, with their outcome and log lines, until the scheduler
// asks for them.
import type { AttemptRequest, Follower } from '../schedule/TaskRunner.ts';
import type { LogLine } from '../model/types.ts';
import type { TaskPayloads } from './TaskPayloads.ts';
import type { PoolFollower } from './WorkerPool.ts';

/**
 * A task of a chain sent ahead with the attempt before it (see `AttemptRequest.followers`): its
 * outcome, and its log lines until the scheduler asks for it.
 */
interface Ahead {
  /** The run's signal: the entry belongs to that run alone. */
  signal: AbortSignal;
  attempt: number;
  promise: Promise<unknown>;
  request: AttemptRequest | undefined;
  logs: LogLine[] | undefined;
}

/** One task of a chain to send: its name, what the pool is given, and its entry once sent. */
export interface ChainLink {
  name: string;
  follower: PoolFollower;
  entry: Ahead;
}

/** Tasks sent ahead in chains, by name, until the scheduler runs them. */
export class SentAhead {
  private readonly ahead = new Map<string, Ahead>();

  constructor(private readonly payloads: TaskPayloads) {}

  /** Tasks sent ahead and not asked for yet. */
  get size(): number {
    return this.ahead.size;
  }

  /**
   * The outcome of the attempt if it was sent ahead in a chain, its log lines going to `request`
   * from now on; undefined when it was not (or for another run or attempt).
   */
  claim(request: AttemptRequest): Promise<unknown> | undefined {
    const { task, ctx } = request;
    const entry = this.ahead.get(task.name);
    if (!entry) return undefined;
    this.ahead.delete(task.name);
    if (entry.signal !== ctx.signal || entry.attempt !== ctx.attempt || ctx.signal.aborted)
      return undefined;
    entry.request = request;
    for (const line of entry.logs ?? []) request.onLog(line);
    entry.logs = undefined;
    return entry.promise;
  }

  /** The tasks to send ahead with this attempt, up to the first one a worker cannot be sent. */
  chainOf(request: AttemptRequest): ChainLink[] {
    const followers: readonly Follower[] = request.followers?.() ?? [];
    if (followers.length === 0) return [];
    const signal = request.ctx.signal;
    // What earlier runs sent ahead and never asked for is of no use any more.
    for (const [name, entry] of this.ahead) if (entry.signal !== signal) this.ahead.delete(name);
    const chain: ChainLink[] = [];
    for (const { task, attempt } of followers) {
      const payload = this.payloads.of(task);
      if (typeof payload === 'string') break;
      const entry: Ahead = {
        signal,
        attempt,
        promise: Promise.resolve(),
        request: undefined,
        logs: undefined,
      };
      const onLog = (line: LogLine): void => {
        if (entry.request) entry.request.onLog(line);
        else (entry.logs ??= []).push(line);
      };
      chain.push({ name: task.name, follower: { task: payload, attempt, onLog }, entry });
    }
    return chain;
  }

  /** The chain was sent: each follower's outcome is kept until the scheduler asks for it. */
  hold(
    chain: readonly ChainLink[],
    followers: readonly { id: number; promise: Promise<unknown> }[],
    watched: Set<number>,
  ): void {
    followers.forEach(({ id: followerId, promise: outcome }, k) => {
      const entry = chain[k]!.entry;
      entry.promise = outcome;
      // Not every follower is asked for (the run may stop first): none may reject unheard.
      outcome.catch(() => undefined);
      this.ahead.set(chain[k]!.name, entry);
      watched.add(followerId);
    });
  }
}
