// Follower chains: the tasks that will run one after another once a task succeeds, which a runner
// may start ahead (see `AttemptRequest.followers`). Reads the run plan and the tasks' statuses only;
// whether the run is quiet enough to send a chain at all is the Scheduler's call.
import { TaskStatus, TriggerRule } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import { TaskFlag, type RunPlan } from './runPlan.ts';
import type { Follower } from './TaskRunner.ts';

/** Most tasks a chain sent ahead to a runner holds. */
const MAX_FOLLOWERS = 512;

/** Rules under which a task whose only upstream succeeded runs (and may follow it in a chain). */
const RUN_AFTER_ONE_SUCCESS: ReadonlySet<TriggerRule> = new Set([
  TriggerRule.AllSuccess,
  TriggerRule.OneSuccess,
  TriggerRule.OneDone,
  TriggerRule.AllDone,
  TriggerRule.AllDoneMinOneSuccess,
  TriggerRule.NoneFailed,
  TriggerRule.NoneFailedMinOneSuccess,
  TriggerRule.NoneSkipped,
]);

/** Options that keep a task out of a chain: its outcome or start must go through the scheduler. */
const UNCHAINED =
  TaskFlag.Timeout |
  TaskFlag.StatusCallback |
  TaskFlag.Branch |
  TaskFlag.ShortCircuit |
  TaskFlag.Mapped;

/**
 * The chain after task `i` (at most {@link MAX_FOLLOWERS} tasks): along tasks that are each the
 * single downstream of the one before, have it as their only upstream, run after its success, have
 * no timeout, callback, branch, short-circuit or map, and have not started in this run.
 */
export function followerChain(i: number, plan: RunPlan, tasks: readonly Task[]): Follower[] {
  const { flags, rules, upstream, downstream, runnables } = plan;
  const out: Follower[] = [];
  for (let cur = i; out.length < MAX_FOLLOWERS;) {
    if ((flags[cur]! & UNCHAINED) !== 0) break;
    const at = downstream.start[cur]!;
    if (downstream.start[cur + 1]! - at !== 1) break;
    const next = downstream.list[at]!;
    if (upstream.start[next + 1]! - upstream.start[next]! !== 1) break;
    if ((flags[next]! & UNCHAINED) !== 0 || !RUN_AFTER_ONE_SUCCESS.has(rules[next]!)) break;
    const task = tasks[next]!;
    if (task.status !== TaskStatus.Pending) break;
    out.push({ task: runnables[next]!, attempt: task.attempts + 1 });
    cur = next;
  }
  return out;
}
