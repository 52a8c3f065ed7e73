// The ready set: upstream outcome counts per task, trigger-rule decisions and the FIFO of tasks
// ready to start. Knows nothing of attempts, timers or runners.
import { TaskStatus, type SkipReason, type TriggerRule } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import { degree, type CompactAdjacency } from '../graph/compactAdjacency.ts';
import type { RunPlan } from './runPlan.ts';
import type { RunReporter } from './RunReporter.ts';
import { Decision, decide, type UpstreamCounts } from './triggerRules.ts';

/**
 * Offsets in a task's four upstream counts; an outcome's offset is where it is counted. Every
 * finished upstream counts in exactly one, so their sum is the number done.
 */
const OUTCOME_OK = 0;
const OUTCOME_FAILED = 1;
const OUTCOME_UPSTREAM_FAILED = 2;
const OUTCOME_SKIPPED = 3;

/** Where a task stands in the ready set. Only `WAITING` tasks are evaluated again. */
const WAITING = 0;
const QUEUED = 1;
/** Skipped, or restored as completed: decided without running. */
const DECIDED = 2;

/**
 * Tracks which pending tasks may start. Counts live in typed arrays indexed like
 * `workflow.tasks`, so a task finishing costs O(its out-degree): no scans.
 */
export class ReadySet {
  readonly #tasks: readonly Task[];
  readonly #up: CompactAdjacency;
  readonly #down: CompactAdjacency;
  readonly #rules: readonly TriggerRule[];
  readonly #report: RunReporter;
  /**
   * Upstream outcome counts, four per task side by side (succeeded, failed, upstream_failed,
   * skipped), so a release touches one cache line of each dependent rather than four arrays.
   */
  readonly #upCounts: Int32Array;
  /**
   * `WAITING`, `QUEUED` (entered the queue once; never queued twice) or `DECIDED`. Kept here so a
   * release never reads the dependents' Task objects: on big graphs those reads miss the cache.
   */
  readonly #state: Uint8Array;
  readonly #counts: UpstreamCounts = {
    total: 0,
    done: 0,
    succeeded: 0,
    failed: 0,
    upstreamFailed: 0,
    skipped: 0,
  };
  readonly #releaseStack: number[] = [];
  #releasing = false;
  /** FIFO of task indices: entries `#head` to `#tail`; grows only for retries. */
  #queue: Int32Array;
  #head = 0;
  #tail = 0;

  constructor(tasks: readonly Task[], plan: RunPlan, report: RunReporter) {
    const n = tasks.length;
    this.#tasks = tasks;
    this.#up = plan.upstream;
    this.#down = plan.downstream;
    this.#rules = plan.rules;
    this.#report = report;
    this.#upCounts = new Int32Array(4 * n);
    this.#state = new Uint8Array(n);
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

  /**
   * Queues the tasks that can start before anything finishes. `seeds` (a fresh run: the plan's
   * roots and `always` tasks, in insertion order) are the only ones whose rule can decide then.
   * Without it (a resumed run), restored completed tasks are accounted for first (`replay` applies
   * the skips they had decided) and every pending task is decided.
   */
  seed(seeds?: Int32Array, replay?: (restored: readonly number[]) => void): void {
    if (seeds) {
      for (let k = 0; k < seeds.length; k++) this.#evaluate(seeds[k]!);
      return;
    }
    const n = this.#tasks.length;
    const restored: number[] = [];
    // All of them decided before any is released, or a release would queue a restored dependent.
    for (let i = 0; i < n; i++) {
      if (this.#tasks[i]!.status !== TaskStatus.Completed) continue;
      this.#state[i] = DECIDED;
      restored.push(i);
    }
    // The skips restored branch and short-circuit tasks decided, before anything is evaluated.
    replay?.(restored);
    for (const i of restored) this.release(i);
    for (let i = 0; i < n; i++) {
      if (this.#state[i] !== WAITING) continue;
      this.#evaluate(i);
      this.#drainReleases();
    }
  }

  /** Applies a pending task's trigger rule; queues it, skips it, or leaves it waiting. */
  #evaluate(i: number): void {
    const c = this.#counts;
    c.total = degree(this.#up, i);
    const counts = this.#upCounts;
    const at = 4 * i;
    c.succeeded = counts[at + OUTCOME_OK]!;
    c.failed = counts[at + OUTCOME_FAILED]!;
    c.upstreamFailed = counts[at + OUTCOME_UPSTREAM_FAILED]!;
    c.skipped = counts[at + OUTCOME_SKIPPED]!;
    c.done = c.succeeded + c.failed + c.upstreamFailed + c.skipped;
    const decision = decide(this.#rules[i]!, c);
    if (decision === Decision.Run) {
      this.#state[i] = QUEUED;
      this.#push(i);
    } else if (decision !== Decision.Wait) {
      this.#state[i] = DECIDED;
      const task = this.#tasks[i]!;
      task.skipReason =
        decision === Decision.SkipUpstreamFailed ? 'upstream_failed' : 'trigger_rule';
      this.#report.status(task, TaskStatus.Skipped);
      this.release(i);
    }
  }

  /**
   * Skips the given tasks that are still waiting (a branch not taken, a short circuit), with this
   * reason and note, then tells their dependents. Tasks already queued, running or decided are
   * left alone. All are decided before any is released, so none is evaluated on the way.
   */
  skip(list: readonly number[], reason: SkipReason, message: string): void {
    const skipped: number[] = [];
    for (const d of list) {
      if (this.#state[d] !== WAITING) continue;
      this.#state[d] = DECIDED;
      const task = this.#tasks[d]!;
      task.skipReason = reason;
      task.skipMessage = message;
      this.#report.status(task, TaskStatus.Skipped);
      skipped.push(d);
    }
    for (const d of skipped) this.release(d);
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
          : task.status === TaskStatus.Failed
            ? OUTCOME_FAILED
            : task.skipReason === 'upstream_failed'
              ? OUTCOME_UPSTREAM_FAILED
              : OUTCOME_SKIPPED;
      const { start, list } = this.#down;
      const counts = this.#upCounts;
      for (let k = start[v]!, end = start[v + 1]!; k < end; k++) {
        const d = list[k]!;
        counts[4 * d + outcome]!++;
        if (this.#state[d] === WAITING) this.#evaluate(d);
      }
    }
    this.#releasing = false;
  }
}
