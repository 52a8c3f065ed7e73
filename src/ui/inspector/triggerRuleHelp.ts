// One line per trigger rule, for the inspector's picker: when a task with that rule runs, in
// Airflow's terms ("failed" includes upstream_failed), as docs/guide.md's table says.
import type { TriggerRule } from '../../engine/index.ts';

export const TRIGGER_RULE_HELP: Readonly<Record<TriggerRule, string>> = {
  all_success: 'every upstream succeeded (the default)',
  all_failed: 'every upstream failed or was skipped by a failure',
  all_done: 'every upstream finished, whatever the outcome',
  all_done_min_one_success: 'every upstream finished, none skipped, at least one succeeded',
  all_skipped: 'every upstream was skipped',
  one_failed: 'as soon as one upstream fails (e.g. an alert)',
  one_success: 'as soon as one upstream succeeds',
  one_done: 'as soon as one upstream succeeds or fails',
  none_failed: 'every upstream succeeded or was skipped',
  none_failed_min_one_success: 'none failed and at least one succeeded (a branch join)',
  none_skipped: 'every upstream finished and none was skipped',
  always: 'at once, without waiting for upstream',
};
