import { defineExample } from './defineExample.ts';

/** Every status at once: success, retry, failure, skip and a rescue path. */
export const fullRun = defineExample(
  'full-run',
  'Full run',
  'One run that shows every outcome: tasks that succeed, one that retries, one that fails, the tasks it skips, and rescue tasks that still run.',
  'Statuses and colours (completed, retrying, failed, skipped), upstream_failed propagation, and all_done / one_failed rules.',
  [
    { name: 'prepare', code: "log('preparing');\nreturn 1;" },
    { name: 'step_ok', code: 'return prepare + 1;', dependsOn: ['prepare'] },
    {
      name: 'step_retry',
      code: "if (ctx.attempt === 1) throw new Error('first attempt fails');\nreturn 'recovered';",
      dependsOn: ['prepare'],
      retries: 2,
      retryDelayMs: 200,
    },
    {
      name: 'step_fail',
      code: "log('about to fail');\nthrow new Error('this step always fails');",
      dependsOn: ['prepare'],
    },
    {
      name: 'after_fail',
      description: 'Skipped: its upstream failed.',
      code: 'return step_fail;',
      dependsOn: ['step_fail'],
    },
    {
      name: 'downstream_of_skip',
      code: 'return after_fail;',
      dependsOn: ['after_fail', 'step_ok'],
    },
    {
      name: 'rescue',
      description: 'Runs because something failed.',
      code: "return 'rescued';",
      dependsOn: ['step_fail'],
      triggerRule: 'one_failed',
    },
    {
      name: 'summary',
      description: 'Runs whatever happened.',
      code: 'return { ok: step_ok ?? null, retry: step_retry ?? null };',
      dependsOn: ['step_ok', 'step_retry', 'downstream_of_skip'],
      triggerRule: 'all_done',
    },
  ],
);
