// A mapped task (`mapOver`) in a run: its instances, one per item of the upstream's array, and
// their counts by status. The scheduler runs the instances; this keeps their bookkeeping.
import { TaskExecutionError, messageOf } from '../model/errors.ts';
import { emptyInstanceCounts } from '../model/mapping.ts';
import { TaskStatus, isTerminalStatus } from '../model/status.ts';
import { Task } from '../model/Task.ts';
import type { MapSummary, TaskInstanceState } from '../model/types.ts';
import type { TimerHandle } from './clock.ts';

/** A failure of a mapped task as a whole (bad upstream value, the limit, failed instances). */
export class MapError extends TaskExecutionError {
  constructor(task: string, code: string, message: string, cause?: unknown) {
    super(task, 1, cause ?? new Error(message), code);
    this.message = `Task "${task}": ${message}`;
  }
}

/**
 * One instance: a `Task` of its own (attempts, timings, logs, result, error) that knows its
 * mapped task, its index and its item. Its options are the mapped task's, so retries, retry
 * delays, `retryIf` and the timeout apply per instance.
 */
export class TaskInstance extends Task {
  /** Failed attempts so far (retries are counted per instance). */
  failures = 0;
  /** Interrupted attempts in a row. */
  interrupts = 0;
  /** The timer of a delayed retry, while one waits. */
  retryTimer: TimerHandle | undefined;

  constructor(
    readonly mapped: MappedTask,
    readonly mapIndex: number,
    readonly item: unknown,
  ) {
    super(mapped.task.name, INSTANCE_BODY, mapped.task.options);
  }

  /** The instance's state as plain data (what `task-instance` events and stores carry). */
  toInstanceState(): TaskInstanceState {
    const { name: _name, skipReason: _reason, map: _map, ...rest } = this.toRunState();
    return { task: this.name, index: this.mapIndex, ...rest };
  }
}

/** Never called: an instance runs its mapped task's runnable, not a body of its own. */
const INSTANCE_BODY = '';

/** Instances of one mapped task in one run, with live counts by status. */
export class MappedTask {
  readonly instances: TaskInstance[];
  /** Live counts by status; `task.map` shows them. */
  readonly summary: MapSummary;
  /** Instances not ended yet. */
  remaining: number;
  /** Instances that failed (after their retries), in failure order. */
  readonly failed: TaskInstance[] = [];

  constructor(
    readonly taskIndex: number,
    readonly task: Task,
    /** The upstream task it maps over. */
    readonly source: Task,
    items: readonly unknown[],
  ) {
    this.instances = items.map((item, i) => new TaskInstance(this, i, item));
    const counts = emptyInstanceCounts();
    counts.pending = items.length;
    this.summary = { total: items.length, counts };
    this.remaining = items.length;
  }

  /**
   * Restores the instances a resumed run had completed (their result, attempts and timings) and
   * returns how many; the others run again.
   */
  restore(states: readonly TaskInstanceState[]): number {
    let restored = 0;
    for (const state of states) {
      const inst = this.instances[state.index];
      if (inst === undefined || state.status !== TaskStatus.Completed) continue;
      if (inst.status === TaskStatus.Completed) continue;
      inst.restoreCompleted(state);
      this.move(TaskStatus.Pending, TaskStatus.Completed);
      restored++;
    }
    return restored;
  }

  /** Moves one instance's count from `from` to `to`; true when it just ended. */
  move(from: TaskStatus, to: TaskStatus): boolean {
    const counts = this.summary.counts;
    counts[from]--;
    counts[to]++;
    if (isTerminalStatus(to) && !isTerminalStatus(from)) {
      this.remaining--;
      return true;
    }
    return false;
  }

  /** The results in item order; an instance that skipped itself gives `null`. */
  results(): unknown[] {
    return this.instances.map((inst) =>
      inst.status === TaskStatus.Completed ? inst.result : null,
    );
  }

  /** The mapped task's error once an instance failed: how many, and the first one's error. */
  failure(): MapError {
    const first = this.failed[0]!;
    const total = this.summary.total.toLocaleString('en-US');
    const error = first.error?.cause ?? first.error;
    const message = `${this.failed.length.toLocaleString('en-US')} of ${total} instances failed; the first, instance ${first.mapIndex}: ${messageOf(error)}`;
    return new MapError(this.task.name, 'E_MAP_INSTANCE_FAILED', message, error);
  }

  /** Whether every instance skipped itself (the task is then skipped too). */
  allSkipped(): boolean {
    return this.summary.counts.skipped === this.summary.total;
  }
}

/** What a mapped task does with its upstream's value: run these items, skip, or fail. */
export type MapPlan =
  | { kind: 'run'; items: readonly unknown[] }
  | { kind: 'skip'; message: string }
  | { kind: 'fail'; error: MapError };

/**
 * Decides what mapped `task` does with `source`'s outcome, `started` instances having been
 * started in this run already out of `limit`.
 */
export function planMap(task: Task, source: Task, started: number, limit: number): MapPlan {
  const name = task.name;
  const from = source.name;
  if (source.status !== TaskStatus.Completed) {
    const why = source.skipReason === undefined ? source.status : `skipped: ${source.skipReason}`;
    const message = `cannot map over "${from}": it has no result (${why})`;
    return { kind: 'fail', error: new MapError(name, 'E_MAP_NOT_ARRAY', message) };
  }
  const items = source.result;
  if (!Array.isArray(items)) {
    const message = `cannot map over "${from}": its result is not an array (got ${describeValue(items)}); a mapped task runs once per item of an array`;
    return { kind: 'fail', error: new MapError(name, 'E_MAP_NOT_ARRAY', message) };
  }
  if (items.length === 0)
    return { kind: 'skip', message: `"${from}" returned an empty array: no instance to run` };
  if (started + items.length > limit) {
    const n = (x: number) => x.toLocaleString('en-US');
    const before = started > 0 ? ` (${n(started)} already started by other mapped tasks)` : '';
    const message = `"${from}" returned ${n(items.length)} items, more instances than this run may start: the limit is ${n(limit)} mapped instances per run${before}. Raise it with the workflow's "maxMapInstances" option, execute(workflow, { maxMapInstances }) or the CLI's --max-map-instances`;
    return { kind: 'fail', error: new MapError(name, 'E_MAP_LIMIT', message) };
  }
  return { kind: 'run', items };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag === 'Object' ? 'an object' : `a ${tag}`;
}
