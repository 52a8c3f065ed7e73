import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const task = (name: string, code: string, extra: Record<string, unknown> = {}) => ({
  name,
  code,
  dependsOn: [] as string[],
  ...extra,
});

/** An error-handling branch: `extract` always fails, the `alert` leaf runs because it did. */
const handledWorkflow = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'trigger-rules-handled',
  name: 'Rules: handled failure',
  tasks: [
    task('extract', "throw new Error('source is down');", { position: { x: 0, y: 0 } }),
    task('alert', "return 'paged the on-call';", {
      dependsOn: ['extract'],
      triggerRule: 'one_failed',
      position: { x: 0, y: 160 },
    }),
  ],
};

/**
 * A branch join: `on_error` (one_failed after a success) is skipped by its rule, so the
 * `none_failed_min_one_success` join runs after `main` while an `all_success` join is skipped.
 */
const joinWorkflow = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'trigger-rules-join',
  name: 'Rules: branch join',
  tasks: [
    task('start', 'return 1;', { position: { x: 150, y: 0 } }),
    task('main', 'return start + 1;', { dependsOn: ['start'], position: { x: 0, y: 160 } }),
    task('on_error', "return 'repaired';", {
      dependsOn: ['start'],
      triggerRule: 'one_failed',
      position: { x: 300, y: 160 },
    }),
    task('join', 'return main;', {
      dependsOn: ['main', 'on_error'],
      triggerRule: 'none_failed_min_one_success',
      position: { x: 0, y: 320 },
    }),
    task('strict_join', 'return main;', {
      dependsOn: ['main', 'on_error'],
      position: { x: 300, y: 320 },
    }),
  ],
};

test('a failure handled by a one_failed leaf: the run completes, with 1 failure handled everywhere', async ({
  page,
}, testInfo) => {
  const app = new InspectPage(page);
  await app.open();
  await app.importDocument(handledWorkflow);
  await app.run();
  await app.expectRunStatus('completed');
  await app.expectStatus('extract', 'failed');
  await app.expectStatus('alert', 'completed');

  // Header: "Completed — 1 failure handled", not a red "1 failed".
  await expect(page.getByTestId('run-progress-handled')).toHaveText('— 1 failure handled');
  await expect(page.getByTestId('run-progress-failed')).toHaveCount(0);

  // The outcome toast agrees and names the failure.
  await expect(app.toast()).toContainText('Run completed — 1 failure handled');
  await expect(app.toast()).toContainText('"extract" threw: source is down');

  // So does the Runs tab's row.
  await app.bottomTab('Runs');
  const row = app.runRows().first();
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('run-row-handled')).toHaveText('1 failure handled');

  // The failure itself stays visible: the failed task's error in the Run tab.
  const failed = await app.inspectTask('extract');
  await expect(failed.getByTestId('task-error')).toContainText('source is down');
  await page.screenshot({ path: testInfo.outputPath('handled-failure.png') });
  await app.expectNoErrors();
});

test('a none_failed_min_one_success join runs after a skipped branch; an all_success join is skipped', async ({
  page,
}, testInfo) => {
  const app = new InspectPage(page);
  await app.open();
  await app.importDocument(joinWorkflow);
  await app.run();
  await app.expectRunStatus('completed');
  await app.expectStatus('on_error', 'skipped');
  await app.expectStatus('join', 'completed');
  await app.expectStatus('strict_join', 'skipped');
  await expect(page.getByTestId('run-progress-handled')).toHaveCount(0);

  // The inspector's picker lists all twelve rules, each with its one-line meaning.
  await app.editTask('join');
  const picker = app.inspector.getByLabel('Trigger rule');
  await expect(picker).toHaveValue('none_failed_min_one_success');
  await expect(picker.locator('option')).toHaveCount(12);
  await expect(picker.locator('option[value="one_done"]')).toHaveText(
    'one_done — as soon as one upstream succeeds or fails',
  );
  await expect(app.inspector.getByTestId('trigger-rule-help')).toHaveText(
    'Runs when none failed and at least one succeeded (a branch join).',
  );
  await page.screenshot({ path: testInfo.outputPath('rule-picker.png') });

  // A rule picked there is the task's rule in the next run.
  await picker.selectOption('all_skipped');
  await expect(app.inspector.getByTestId('trigger-rule-help')).toHaveText(
    'Runs when every upstream was skipped.',
  );
  await app.run();
  await app.expectRunStatus('completed');
  await app.expectStatus('join', 'skipped');
  await app.expectNoErrors();
});
