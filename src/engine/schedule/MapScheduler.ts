// The mapped tasks (`mapOver`) of one run: expanding each into its instances when its turn comes,
// the queue of instances waiting for a slot, their attempts in flight, the end of each instance
// and of the mapped task with its last one, and their cancel. The Scheduler starts the attempts
// and owns the slots; `MappedTask` keeps one mapped task's instances and counts.
import { DEFAULT_MAX_MAP_INSTANCES, emptyInstanceCounts } from '../model/mapping.ts';
import { SkipReason, TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { Attempt } from './attempt.ts';
import type { AttemptClock } from './AttemptClock.ts';
import type { Clock } from './clock.ts';
import { MappedTask, planMap, type TaskInstance } from './mappedTask.ts';
import type { Retries } from './Retries.ts';
import type { RunReporter } from './RunReporter.ts';
import { hasStatusCallback } from './runPlan.ts';
import type { SchedulerConfig } from './schedulerConfig.ts';

/** What mapped tasks need of the Scheduler that runs them (bound once per run). */
export interface MapHost {
  readonly clock: Clock;
  readonly report: RunReporter;
  readonly retries: Retries;
  readonly times: AttemptClock;
  /** Ends mapped task `i` with its whole map's outcome (see `TaskOutcomes.mappedEnded`). */
  endMapped(i: number, status: TaskStatus, value: unknown, now: number): void;
}

/** Runs the instances of one run's mapped tasks, for the Scheduler. */
export class MapScheduler {
  readonly #tasks: readonly Task[];
  readonly #cfg: SchedulerConfig;
  readonly #host: MapHost;
  /** Instances waiting for a slot (FIFO from `#head`). */
  #queue: TaskInstance[] = [];
  #head = 0;
  /** Attempts of instances in flight. */
  readonly #inFlight = new Set<Attempt>();
  /** Mapped tasks whose instances are running. */
  readonly #maps = new Set<MappedTask>();
  /** Instances this run has started or restored (for `maxMapInstances`). */
  #started = 0;

  constructor(tasks: readonly Task[], config: SchedulerConfig, host: MapHost) {
    this.#tasks = tasks;
    this.#cfg = config;
    this.#host = host;
  }

  /** Whether an instance waits for a slot. */
  hasInstance(): boolean {
    return this.#head < this.#queue.length;
  }

  /** The next instance to start (call only when {@link hasInstance}). */
  nextInstance(): TaskInstance {
    const inst = this.#queue[this.#head++]!;
    // Drop the consumed head now and then, so a long map does not keep every instance queued.
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return inst;
  }

  /** Queues an instance again (a retry, an interrupted attempt). */
  requeue(inst: TaskInstance): void {
    this.#queue.push(inst);
  }

  /** An instance's attempt was launched. */
  launched(att: Attempt): void {
    this.#inFlight.add(att);
  }

  /** An instance's attempt settled. */
  settled(att: Attempt): void {
    this.#inFlight.delete(att);
  }

  /**
   * A mapped task's turn: reads its upstream's array and queues one instance per item (those a
   * resume restored as completed excepted), or skips it (empty) or fails it (no array, limit).
   */
  expand(i: number): void {
    const cfg = this.#cfg;
    const host = this.#host;
    const task = this.#tasks[i]!;
    const source = this.#tasks[cfg.plan.mapSources[i]!]!;
    const now = host.clock.now();
    task.beginAttempt(now);
    const limit = cfg.maxMapInstances ?? DEFAULT_MAX_MAP_INSTANCES;
    const plan = planMap(task, source, this.#started, limit);
    if (plan.kind === 'fail') {
      host.endMapped(i, TaskStatus.Failed, plan.error, now);
      return;
    }
    if (plan.kind === 'skip') {
      task.skipReason = SkipReason.EmptyMap;
      task.map = { total: 0, counts: emptyInstanceCounts() };
      host.endMapped(i, TaskStatus.Skipped, plan.message, now);
      return;
    }
    this.#started += plan.items.length;
    const map = new MappedTask(i, task, source, plan.items);
    const stored = cfg.restoredInstances?.get(task.name);
    // Only instances of the same array: the upstream itself was restored, not run again.
    const restored = stored !== undefined && source.restored ? map.restore(stored) : 0;
    task.map = map.summary;
    host.report.status(task, TaskStatus.Running, hasStatusCallback(cfg.plan, i));
    this.#maps.add(map);
    for (const inst of map.instances) {
      if (inst.status === TaskStatus.Pending) this.#queue.push(inst);
      else if (restored > 0) host.report.instanceRestored(inst);
    }
    if (map.remaining === 0) this.#finish(map);
  }

  /** An instance failed after its retries (its error already set). */
  failed(inst: TaskInstance): void {
    inst.mapped.failed.push(inst);
    this.ended(inst, TaskStatus.Failed, undefined);
  }

  /**
   * An instance ended `completed` (with its result), `skipped` (with the reason) or `failed` (its
   * error already set); the mapped task ends with its last instance, or at once on a failure
   * under failFast.
   */
  ended(inst: TaskInstance, status: TaskStatus, value: unknown): void {
    const host = this.#host;
    const now = host.times.finishTime();
    if (status === TaskStatus.Completed) {
      inst.endAttempt('completed', now);
      inst.result = value;
      inst.markFinished(now);
    } else if (status === TaskStatus.Skipped) {
      inst.endAttempt('skipped', now);
      inst.skipMessage = value as string;
      inst.markFinished(now);
    }
    host.report.instanceStatus(inst, status);
    const map = inst.mapped;
    if (!this.#maps.has(map)) return;
    if (map.remaining === 0 || (status === TaskStatus.Failed && this.#cfg.failFast))
      this.#finish(map);
  }

  /** A mapped task's end, from its instances: failed, all skipped, or completed with the results. */
  #finish(map: MappedTask): void {
    this.#maps.delete(map);
    const host = this.#host;
    const now = host.times.finishTime();
    if (map.failed.length > 0) host.endMapped(map.taskIndex, TaskStatus.Failed, map.failure(), now);
    else if (map.allSkipped()) {
      map.task.skipReason = SkipReason.Task;
      const message = `every one of its ${map.summary.total.toLocaleString('en-US')} instances skipped itself`;
      host.endMapped(map.taskIndex, TaskStatus.Skipped, message, now);
    } else host.endMapped(map.taskIndex, TaskStatus.Completed, map.results(), now);
  }

  /**
   * Cancels the instances in flight and those waiting for a retry, then the mapped tasks still
   * running; instances never started stay `pending`. Returns how many attempts it cancelled (the
   * slots they held are free).
   */
  cancel(reason: Error, now: number): number {
    const report = this.#host.report;
    const cancelled = this.#inFlight.size;
    for (const att of this.#inFlight) {
      att.end();
      att.abort(reason);
      const inst = att.instance!;
      inst.endAttempt('cancelled', now);
      inst.markFinished(now);
      report.instanceStatus(inst, TaskStatus.Cancelled);
    }
    this.#inFlight.clear();
    const retries = this.#host.retries;
    for (const map of this.#maps) {
      for (const inst of map.instances) {
        if (!retries.cancelInstance(inst) && inst.status !== TaskStatus.Retrying) continue;
        inst.markFinished(now);
        report.instanceStatus(inst, TaskStatus.Cancelled);
      }
      const task = map.task;
      task.endAttempt('cancelled', now);
      task.markFinished(now);
      report.status(task, TaskStatus.Cancelled);
    }
    this.#maps.clear();
    return cancelled;
  }
}
