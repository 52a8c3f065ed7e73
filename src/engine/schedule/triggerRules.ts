// Airflow's trigger rules as one pure decision. Never touches tasks, timers or run state.
//
// The decisions follow Airflow's `TriggerRuleDep._evaluate_direct_relatives` (airflow-core,
// ti_deps/deps/trigger_rule_dep.py): for each rule, when the task becomes `upstream_failed` or
// `skipped` before running (Airflow's `flag_upstream_failed` pass), and when it may run.
import { TriggerRule } from '../model/status.ts';

/** What to do with a pending task given its direct upstream outcomes. */
export const Decision = {
  Wait: 0,
  Run: 1,
  /** The rule can no longer be met because of a failure upstream (Airflow's `upstream_failed`). */
  SkipUpstreamFailed: 2,
  /** The rule can no longer be met, with no failure to blame (Airflow's `skipped`). */
  SkipTriggerRule: 3,
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

/**
 * Direct upstream outcome counts. Every finished upstream counts in exactly one of `succeeded`,
 * `failed`, `upstreamFailed` and `skipped`, and in `done`.
 */
export interface UpstreamCounts {
  total: number;
  done: number;
  succeeded: number;
  /** Upstream tasks that ran and failed (Airflow's `failed`). */
  failed: number;
  /** Upstream tasks skipped because a failure reached them (Airflow's `upstream_failed`). */
  upstreamFailed: number;
  /** Upstream tasks skipped for any other reason (Airflow's `skipped`). */
  skipped: number;
}

/**
 * Decides as early as the outcome is certain, as Airflow does: `all_success` skips on the first
 * failure, `one_success` runs on the first success, `none_failed_min_one_success` is marked
 * `upstream_failed` on the first failure. A task without upstream always runs, and `always` runs
 * at once without waiting for upstream (Airflow: "no dependencies at all").
 *
 * "Failed" in a rule's name means `failed` or `upstream_failed` (Airflow's documentation says so
 * for `all_failed`, `one_failed` and `none_failed*`); `one_done` counts only upstream tasks that
 * ran (`success` or `failed`), as Airflow's implementation does.
 */
export function decide(rule: TriggerRule, c: UpstreamCounts): Decision {
  const total = c.total;
  if (total === 0) return Decision.Run;
  const ok = c.succeeded;
  const anyFailed = c.failed + c.upstreamFailed;
  const skipped = c.skipped;
  const allDone = c.done === total;
  switch (rule) {
    case TriggerRule.AllSuccess:
      if (anyFailed > 0) return Decision.SkipUpstreamFailed;
      if (skipped > 0) return Decision.SkipTriggerRule;
      return ok === total ? Decision.Run : Decision.Wait;
    case TriggerRule.AllFailed:
      if (ok > 0 || skipped > 0) return Decision.SkipTriggerRule;
      return anyFailed === total ? Decision.Run : Decision.Wait;
    case TriggerRule.AllDone:
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.AllDoneMinOneSuccess:
      // Airflow skips at the first skipped upstream, then needs all done with one success.
      if (skipped > 0) return Decision.SkipTriggerRule;
      if (!allDone) return Decision.Wait;
      return ok > 0 ? Decision.Run : Decision.SkipUpstreamFailed;
    case TriggerRule.AllSkipped:
      if (ok > 0 || anyFailed > 0) return Decision.SkipTriggerRule;
      return skipped === total ? Decision.Run : Decision.Wait;
    case TriggerRule.OneFailed:
      if (anyFailed > 0) return Decision.Run;
      return allDone ? Decision.SkipTriggerRule : Decision.Wait;
    case TriggerRule.OneSuccess:
      if (ok > 0) return Decision.Run;
      if (!allDone) return Decision.Wait;
      return skipped === total ? Decision.SkipTriggerRule : Decision.SkipUpstreamFailed;
    case TriggerRule.OneDone:
      if (ok > 0 || c.failed > 0) return Decision.Run;
      return allDone ? Decision.SkipTriggerRule : Decision.Wait;
    case TriggerRule.NoneFailed:
      if (anyFailed > 0) return Decision.SkipUpstreamFailed;
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.NoneFailedMinOneSuccess:
      if (anyFailed > 0) return Decision.SkipUpstreamFailed;
      if (skipped === total) return Decision.SkipTriggerRule;
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.NoneSkipped:
      if (skipped > 0) return Decision.SkipTriggerRule;
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.Always:
      return Decision.Run;
    default: {
      const never: never = rule;
      throw new Error(`Unknown trigger rule ${String(never)}`);
    }
  }
}
