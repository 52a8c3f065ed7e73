// The worker pool's attempts: each one by id until it settles, and the queues of those waiting for
// a worker (attempts with a hard timeout wait apart: each runs alone on its worker).
import type { AttemptMessage } from '../worker/protocol.ts';
import type { LogLine } from '../model/types.ts';
import { Deque } from './Deque.ts';
import { FollowerDropped, type PoolJob } from './poolSlot.ts';
import type { WorkerPoolOptions } from './WorkerPool.ts';

/** The attempts of a {@link WorkerPool}: created, queued, handed back and settled here. */
export class PoolJobs {
  readonly normal = new Deque<PoolJob>();
  readonly exclusive = new Deque<PoolJob>();
  private readonly byId = new Map<number, PoolJob>();
  private nextId = 1;

  constructor(private readonly options: Pick<WorkerPoolOptions, 'onSettled' | 'onUnavailable'>) {}

  /** Attempts waiting for a worker (settled ones not yet dequeued included). */
  get waiting(): number {
    return this.normal.length + this.exclusive.length;
  }

  /** The id of a new attempt. */
  newId(): number {
    return this.nextId++;
  }

  /** The attempt of `message`, pending until it settles. */
  create(
    message: AttemptMessage,
    exclusive: boolean,
    onLog: (line: LogLine) => void,
  ): { job: PoolJob; promise: Promise<unknown> } {
    let job!: PoolJob;
    const promise = new Promise<unknown>((resolve, reject) => {
      job = { message, exclusive, onLog, resolve, reject, settled: false };
    });
    this.byId.set(message.id, job);
    return { job, promise };
  }

  /** The attempt with this id, until it settles. */
  get(id: number): PoolJob | undefined {
    return this.byId.get(id);
  }

  /** The next attempt of `queue` that has not settled while it waited. */
  take(queue: Deque<PoolJob>): PoolJob | undefined {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (!job.settled) return job;
      this.dropFollowers(job);
    }
    return undefined;
  }

  /** A head that will never reach a worker: its chain is the host's to dispatch again. */
  dropFollowers(job: PoolJob): void {
    for (const follower of job.followers ?? []) this.settle(follower, false, new FollowerDropped());
  }

  /** Puts attempts back at the front of their queues, in their order. */
  requeue(jobs: PoolJob[]): void {
    this.normal.unshiftAll(jobs.filter((job) => !job.exclusive));
    this.exclusive.unshiftAll(jobs.filter((job) => job.exclusive));
  }

  /** Fails every attempt still waiting for a worker. */
  failWaiting(error: unknown): void {
    for (const job of [...this.normal.drain(), ...this.exclusive.drain()])
      this.settle(job, false, error);
  }

  /** Fails every attempt, waiting or running. */
  failAll(error: unknown): void {
    this.failWaiting(error);
    for (const job of [...this.byId.values()]) this.settle(job, false, error);
  }

  /** No worker can start: the waiting attempts go back to the host (`onUnavailable`), or fail. */
  handBack(error: Error): void {
    const jobs = [...this.normal.drain(), ...this.exclusive.drain()].filter((job) => !job.settled);
    for (const job of jobs) {
      this.byId.delete(job.message.id);
      this.dropFollowers(job);
      delete job.message.then;
    }
    if (this.options.onUnavailable) this.options.onUnavailable(error, jobs);
    else for (const job of jobs) this.settle(job, false, error);
  }

  /** Settles an attempt once: with its result (`ok`) or its error. */
  settle(job: PoolJob, ok: boolean, value: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.succeeded = ok;
    this.byId.delete(job.message.id);
    this.options.onSettled?.(job.message.id);
    if (ok) job.resolve(value);
    else job.reject(value);
  }
}
