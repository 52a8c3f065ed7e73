// What a run reads of each task, built once per workflow shape and cached by the workflow: the
// runner's task descriptors plus the scheduler's per-task facts as flat arrays. With them a run of
// a big graph finds its first tasks and trigger rules without visiting every Task and its options.
import { compactAdjacency, type CompactAdjacency } from '../graph/compactAdjacency.ts';
import type { IndexedGraph } from '../graph/IndexedGraph.ts';
import { ignoresArguments } from '../model/ignoresArguments.ts';
import { TriggerRule } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { RunnableTask } from './TaskRunner.ts';

/** Bits of {@link RunPlan.flags}: what a task's options ask of a run. */
export const TaskFlag = {
  /** Has `timeoutMs`: its attempts get their own signal and a deadline. */
  Timeout: 1,
  /** Has an `onStatusChange` callback. */
  StatusCallback: 2,
  /**
   * Its function takes no arguments and it has no timeout, so its attempt object (its `ctx`) is
   * never seen outside the scheduler: once such an attempt settles inline, the next one may reuse it.
   */
  Recyclable: 4,
  /** `branch: true`: its result chooses which direct downstream tasks run. */
  Branch: 8,
  /** `shortCircuit: true`: a falsy result skips everything downstream. */
  ShortCircuit: 16,
  /** `mapOver`: runs as one instance per item of an upstream's array (see `mapSources`). */
  Mapped: 32,
} as const;

/** Facts about each task a run needs, aligned with `workflow.tasks`. */
export interface RunPlan {
  /** What a `TaskRunner` sees of each task. */
  readonly runnables: readonly RunnableTask[];
  /** Each task's trigger rule (`all_success` when unset). */
  readonly rules: readonly TriggerRule[];
  /**
   * The tasks a fresh run decides before anything has finished, in insertion order: those with no
   * upstream and those whose rule is `always`. Every other rule waits for an upstream outcome.
   */
  readonly seeds: Int32Array;
  /** {@link TaskFlag} bits per task, so a run reads no options object of a task that sets none. */
  readonly flags: Uint8Array;
  /** The graph's edges, packed: a completion walks its dependents without touching JS arrays. */
  readonly upstream: CompactAdjacency;
  readonly downstream: CompactAdjacency;
  /** For a mapped task, the index of the upstream it maps over (its `mapOver`); -1 for others. */
  readonly mapSources: Int32Array;
}

/** Whether task `i` has an `onStatusChange` callback (so its status changes look at its options). */
export function hasStatusCallback(plan: RunPlan, i: number): boolean {
  return (plan.flags[i]! & TaskFlag.StatusCallback) !== 0;
}

/** Builds the plan in one pass over the tasks. `dependsOn[i]` are task i's upstream names. */
export function buildRunPlan(
  tasks: readonly Task[],
  graph: IndexedGraph,
  dependsOn: readonly (readonly string[])[],
): RunPlan {
  const n = tasks.length;
  const runnables = new Array<RunnableTask>(n);
  const rules = new Array<TriggerRule>(n);
  const seeds: number[] = [];
  const flags = new Uint8Array(n);
  const mapSources = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const task = tasks[i]!;
    // Every field set in one literal: objects of one shape, with no property store on the side.
    const runnable: RunnableTask = {
      name: task.name,
      code: task.code,
      fn: task.fn,
      ignoresArguments: task.fn !== undefined && ignoresArguments(task.fn),
      options: task.portableOptions,
      dependsOn: dependsOn[i]!,
    };
    runnables[i] = runnable;
    const { timeoutMs, onStatusChange, branch, shortCircuit, mapOver } = task.options;
    if (mapOver !== undefined) {
      // Validated beforehand (`workflow.validate()`): one of its direct upstream tasks.
      const source = graph.upstream[i]!.find((j) => graph.names[j] === mapOver);
      if (source !== undefined) mapSources[i] = source;
    }
    flags[i] =
      (mapSources[i]! >= 0 ? TaskFlag.Mapped : 0) |
      (timeoutMs !== undefined ? TaskFlag.Timeout : 0) |
      (branch ? TaskFlag.Branch : 0) |
      (shortCircuit ? TaskFlag.ShortCircuit : 0) |
      (onStatusChange ? TaskFlag.StatusCallback : 0) |
      (timeoutMs === undefined && runnable.ignoresArguments ? TaskFlag.Recyclable : 0);
    const rule = task.options.triggerRule ?? TriggerRule.AllSuccess;
    rules[i] = rule;
    if (graph.upstream[i]!.length === 0 || rule === TriggerRule.Always) seeds.push(i);
  }
  return {
    runnables,
    rules,
    seeds: Int32Array.from(seeds),
    flags,
    upstream: compactAdjacency(graph.upstream),
    downstream: compactAdjacency(graph.downstream),
    mapSources,
  };
}
