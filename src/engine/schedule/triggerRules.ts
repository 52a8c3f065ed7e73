// Airflow's trigger rules as one pure decision. Never touches tasks, timers or run state.
import { TriggerRule } from '../model/status.ts';

/** What to do with a pending task given its direct upstream outcomes. */
export const Decision = {
  Wait: 0,
  Run: 1,
  /** The rule can no longer be met because of a failure upstream. */
  SkipUpstreamFailed: 2,
  /** The rule can no longer be met, with no failure to blame (skips or successes). */
  SkipTriggerRule: 3,
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

/**
 * Upstream outcome counts. `failed` includes upstream tasks skipped as `upstream_failed` (Airflow's
 * `upstream_failed` state); `skipped` counts the other skips.
 */
export interface UpstreamCounts {
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/**
 * Decides as early as the outcome is certain, as Airflow does: `all_success` skips on the first
 * failure, `one_success` runs on the first success. A task without upstream always runs, and
 * `always` runs at once without waiting for upstream (Airflow: "no dependencies at all").
 */
export function decide(rule: TriggerRule, c: UpstreamCounts): Decision {
  if (c.total === 0) return Decision.Run;
  const allDone = c.done === c.total;
  switch (rule) {
    case TriggerRule.AllSuccess:
      if (c.failed > 0) return Decision.SkipUpstreamFailed;
      if (c.skipped > 0) return Decision.SkipTriggerRule;
      return c.succeeded === c.total ? Decision.Run : Decision.Wait;
    case TriggerRule.AllFailed:
      if (c.succeeded > 0 || c.skipped > 0) return Decision.SkipTriggerRule;
      return c.failed === c.total ? Decision.Run : Decision.Wait;
    case TriggerRule.AllDone:
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.OneSuccess:
      if (c.succeeded > 0) return Decision.Run;
      if (!allDone) return Decision.Wait;
      return c.failed > 0 ? Decision.SkipUpstreamFailed : Decision.SkipTriggerRule;
    case TriggerRule.OneFailed:
      if (c.failed > 0) return Decision.Run;
      return allDone ? Decision.SkipTriggerRule : Decision.Wait;
    case TriggerRule.NoneFailed:
      if (c.failed > 0) return Decision.SkipUpstreamFailed;
      return allDone ? Decision.Run : Decision.Wait;
    case TriggerRule.Always:
      return Decision.Run;
    default: {
      const never: never = rule;
      throw new Error(`Unknown trigger rule ${String(never)}`);
    }
  }
}
