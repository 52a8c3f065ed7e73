// The ready set: upstream outcome counts per task, trigger-rule decisions and the FIFO of tasks
// ready to start. Knows nothing of attempts, timers or runners.
import { TaskStatus, TriggerRule } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { IndexedGraph } from '../graph/IndexedGraph.ts';
import type { RunReporter } from './RunReporter.ts';
import { Decision, decide, type UpstreamCounts } from './triggerRules.ts';

const OUTCOME_OK = 0;
const OUTCOME_FAILED = 1;
const OUTCOME_SKIPPED = 2;

/**
 * Tracks which pending tasks may start. Counts live in typed arrays indexed like
 * `workflow.tasks`, so a task finishing costs O(its out-degree): no scans.
 */
export class ReadySet {
  readonly #tasks: readonly Task[];
  readonly #up: IndexedGraph['upstream'];
  readonly #down: IndexedGraph['downstream'];
  readonly #report: RunReporter;
  readonly #done: Int32Array;
  readonly #ok: Int32Array;
  readonly #failedUp: Int32Array;
  readonly #skippedUp: Int32Array;
  /** 1 once a task entered the queue, so it is never queued twice. */
  readonly #queued: Uint8Array;
  readonly #counts: UpstreamCounts = { total: 0, done: 0, succeeded: 0, failed: 0, skipped: 0 };
  readonly #releaseStack: number[] = [];
  #releasing = false;
  /** FIFO of task indices: entries `#head` to `#tail`; grows only for retries. */
  #queue: Int32Array;
  #head = 0;
  #tail = 0;

  constructor(tasks: readonly Task[], graph: IndexedGraph, report: RunReporter) {
    const n = tasks.length;
    this.#tasks = tasks;
    this.#up = graph.upstream;
    this.#down = graph.downstream;
    this.#report = report;
    this.#done = new Int32Array(n);
    this.#ok = new Int32Array(n);
    this.#failedUp = new Int32Array(n);
    this.#skippedUp = new Int32Array(n);
    this.#queued = new Uint8Array(n);
    this.#queue = new Int32Array(Math.max(n, 16));
  }

  /** True when a task is waiting for a slot. */
  hasNext(): boolean {
    return this.#head < this.#tail;
  }

  /** The next task to start (FIFO: readiness order, ties in insertion order). */
  next(): number {
    return this.#queue[this.#head++]!;
  }

  /** Queues a task again for its retry. */
  requeue(i: number): void {
    this.#push(i);
  }

  #push(i: number): void {
    if (this.#tail === this.#queue.length) {
      // Full (only retries queue a task twice): slide the live entries down, or grow.
      const live = this.#queue.subarray(this.#head, this.#tail);
      const target =
        live.length * 2 > this.#queue.length ? new Int32Array(this.#queue.length * 2) : this.#queue;
      target.set(live);
      this.#queue = target;
      this.#tail = live.length;
      this.#head = 0;
    }
    this.#queue[this.#tail++] = i;
  }

  /** Accounts for restored (completed) tasks, then decides every pending one. */
  seed(): void {
    const n = this.#tasks.length;
    for (let i = 0; i < n; i++)
      if (this.#tasks[i]!.status === TaskStatus.Completed) this.release(i);
    for (let i = 0; i < n; i++) {
      if (this.#tasks[i]!.status !== TaskStatus.Pending || this.#queued[i]) continue;
      this.#evaluate(i);
      this.#drainReleases();
    }
  }

  /** Applies a pending task's trigger rule; queues it, skips it, or leaves it waiting. */
  #evaluate(i: number): void {
    const c = this.#counts;
    c.total = this.#up[i]!.length;
    c.done = this.#done[i]!;
    c.succeeded = this.#ok[i]!;
    c.failed = this.#failedUp[i]!;
    c.skipped = this.#skippedUp[i]!;
    const task = this.#tasks[i]!;
    const decision = decide(task.options.triggerRule ?? TriggerRule.AllSuccess, c);
    if (decision === Decision.Run) {
      this.#queued[i] = 1;
      this.#push(i);
    } else if (decision !== Decision.Wait) {
      task.skipReason =
        decision === Decision.SkipUpstreamFailed ? 'upstream_failed' : 'trigger_rule';
      this.#report.status(task, TaskStatus.Skipped);
      this.release(i);
    }
  }

  /** Tells a terminal task's dependents about its outcome. Iterative: long skip chains cannot overflow. */
  release(i: number): void {
    this.#releaseStack.push(i);
    if (!this.#releasing) this.#drainReleases();
  }

  #drainReleases(): void {
    if (this.#releasing) return;
    this.#releasing = true;
    const stack = this.#releaseStack;
    while (stack.length > 0) {
      const v = stack.pop()!;
      const task = this.#tasks[v]!;
      const outcome =
        task.status === TaskStatus.Completed
          ? OUTCOME_OK
          : task.status === TaskStatus.Failed || task.skipReason === 'upstream_failed'
            ? OUTCOME_FAILED
            : OUTCOME_SKIPPED;
      const down = this.#down[v]!;
      for (let k = 0; k < down.length; k++) {
        const d = down[k]!;
        this.#done[d]!++;
        if (outcome === OUTCOME_OK) this.#ok[d]!++;
        else if (outcome === OUTCOME_FAILED) this.#failedUp[d]!++;
        else this.#skippedUp[d]!++;
        if (this.#queued[d] === 0 && this.#tasks[d]!.status === TaskStatus.Pending)
          this.#evaluate(d);
      }
    }
    this.#releasing = false;
  }
}
