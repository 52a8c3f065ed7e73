import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// "Full run": prepare → step_ok, step_retry (fails once, then succeeds), step_fail (always fails)
// → after_fail and downstream_of_skip skipped, rescue (one_failed) and summary (all_done) run: the
// run completes with 1 failure handled (its leaves decide, as in Airflow).
const EXAMPLE = 'Full run';
const LAST = 'summary';

test('the Run tab shows logs, output, inputs, errors and attempts of a real run', async ({
  page,
}) => {
  const app = new InspectPage(page);
  await app.open();
  await app.openExample(EXAMPLE);
  await app.runToEnd(LAST);

  const prepare = await app.inspectTask('prepare');
  await expect(prepare.getByTestId('status-chip').first()).toHaveText('completed');
  await expect(prepare.getByTestId('task-logs')).toContainText('preparing');
  await expect(prepare.getByTestId('task-output')).toHaveText('1');

  const stepOk = await app.inspectTask('step_ok');
  await expect(stepOk.getByTestId('drawer-inputs')).toContainText('prepare');
  await expect(stepOk.getByTestId('task-output')).toHaveText('2');

  const failed = await app.inspectTask('step_fail');
  await expect(failed).toHaveAttribute('data-status', 'failed');
  await expect(failed.getByTestId('task-error')).toContainText('this step always fails');
  await expect(failed.getByTestId('task-error').getByText('Stack trace').first()).toBeVisible();
  await expect(failed.getByTestId('task-logs')).toContainText('about to fail');
  const failedAttempts = failed.getByTestId('attempts-table').locator('tbody tr');
  await expect(failedAttempts).toHaveCount(1);
  await expect(failedAttempts.first()).toHaveAttribute('data-outcome', 'failed');

  const retried = await app.inspectTask('step_retry');
  await expect(retried).toHaveAttribute('data-status', 'completed');
  const attempts = retried.getByTestId('attempts-table').locator('tbody tr');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAttribute('data-outcome', 'failed');
  await expect(attempts.nth(0)).toContainText('first attempt fails');
  await expect(attempts.nth(1)).toHaveAttribute('data-outcome', 'completed');
  await expect(retried.getByTestId('task-output')).toHaveText('"recovered"');

  // "Edit task" goes back to the Inspector for the same task.
  await retried.getByRole('button', { name: 'Edit task' }).click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await app.expectNoErrors();
});

test('the timeline draws one bar per attempt and the metrics count the run', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new InspectPage(page);
  await app.open();
  await app.openExample(EXAMPLE);
  await app.runToEnd(LAST);

  await app.bottomTab('Timeline');
  await expect(app.timelineBars('step_retry')).toHaveCount(2);
  await expect(app.timelineBars('step_retry').nth(0)).toHaveAttribute('data-outcome', 'failed');
  await expect(app.timelineBars('step_retry').nth(1)).toHaveAttribute('data-outcome', 'completed');
  await expect(app.timelineBars('prepare')).toHaveCount(1);
  await expect(app.timelineBars('step_fail')).toHaveAttribute('data-outcome', 'failed');
  // Skipped tasks never started: no row.
  await expect(page.locator('[data-testid="timeline-row"][data-task="after_fail"]')).toHaveCount(0);
  await expect(page.getByTestId('timeline-row').first()).toHaveAttribute('data-task', 'prepare');
  await app.timelineBars('step_retry').nth(0).hover();
  await expect(page.getByTestId('timeline-tooltip')).toContainText('step_retry');
  await expect(page.getByTestId('timeline-tooltip')).toContainText('first attempt fails');

  await app.bottomTab('Metrics');
  await expect(page.getByTestId('metric-total')).toContainText('8');
  await expect(page.getByTestId('metric-retries')).toContainText('1');
  const byStatus = page.getByTestId('metrics-by-status');
  await expect(
    byStatus.locator('[data-testid="status-count"][data-status="completed"]'),
  ).toHaveAttribute('data-count', '5');
  await expect(
    byStatus.locator('[data-testid="status-count"][data-status="failed"]'),
  ).toHaveAttribute('data-count', '1');
  await expect(
    byStatus.locator('[data-testid="status-count"][data-status="skipped"]'),
  ).toHaveAttribute('data-count', '2');

  await app.button('Show Prometheus text').click();
  const text = page.getByTestId('prometheus-text');
  await expect(text).toContainText('# TYPE flowweaver_tasks_total gauge');
  await expect(text).toContainText(
    /flowweaver_tasks_total\{workflow="Full run",run_id="[^"]+"\} 8/,
  );
  await expect(text).toContainText('flowweaver_task_retries_total');

  await app.button('Copy as Prometheus text').click();
  await expect(app.toast()).toContainText('Copied the Prometheus text');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('flowweaver_tasks_total');
  await app.expectNoErrors();
});

test('run history lists the run, opens it read-only and deletes it', async ({ page }) => {
  const app = new InspectPage(page);
  await app.open();
  await app.openExample(EXAMPLE);
  // The list is open while the run happens: it refreshes when the run finishes.
  await app.bottomTab('Runs');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await app.runToEnd(LAST);

  const row = app.runRows();
  await expect(row).toHaveCount(1);
  // Its leaves (rescue, summary) ran, so the run completed with step_fail's failure handled.
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('run-row-handled')).toHaveText('1 failure handled');
  await expect(row).toContainText('5 completed');
  await expect(row).toContainText('1 failed');
  await expect(row.getByRole('button', { name: 'Shown' })).toBeDisabled();

  // After a reload the last run is back as it was (colours, Retry failed), not read-only.
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(app.workflowName).toHaveText(EXAMPLE);
  await expect(app.taskNode('step_fail')).toHaveAttribute('data-status', 'failed');
  await expect(app.banner).toHaveCount(0);
  await expect(app.button('Retry failed')).toBeEnabled();

  // A second run; then the first one is opened from the history, read-only.
  await app.bottomTab('Runs');
  await app.button('Run').click();
  await expect(app.runRows()).toHaveCount(2);
  await expect(app.button('Run')).toBeEnabled();
  const older = app.runRows().nth(1);
  await older.getByRole('button', { name: 'Open' }).click();
  await expect(app.banner).toContainText('read-only');
  await expect(app.taskNode('step_fail')).toHaveAttribute('data-status', 'failed');
  await expect(app.taskNode('prepare')).toHaveAttribute('data-status', 'completed');
  await expect(app.taskNode('after_fail')).toHaveAttribute('data-status', 'skipped');
  await expect(older.getByRole('button', { name: 'Shown' })).toBeDisabled();
  // The canvas is read-only: an edit is refused with the reason.
  await app.clickTask('prepare');
  await page.keyboard.press('Delete');
  await expect(app.toast()).toContainText('read-only');
  await expect(app.taskNode('prepare')).toHaveCount(1);
  // Logs of a past run come from storage.
  const failed = await app.inspectTask('step_fail');
  await expect(failed.getByTestId('task-error')).toContainText('this step always fails');
  await expect(failed.getByTestId('task-logs')).toContainText('about to fail');

  // Deleting the shown run takes the canvas back to editing.
  await older.getByRole('button', { name: 'Delete' }).click();
  await older.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(app.runRows()).toHaveCount(1);
  await expect(app.banner).toHaveCount(0);
  await expect(app.taskNode('step_fail')).toHaveAttribute('data-status', 'pending');
  await app.expectNoErrors();
});

test('big values are paged, markup stays text, and a long log keeps its first and last lines', async ({
  page,
}) => {
  const app = new InspectPage(page);
  await app.open();
  const doc = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'inspect-values',
    name: 'Inspect values',
    tasks: [
      {
        name: 'big',
        dependsOn: [],
        code: [
          "for (let i = 0; i < 2000; i++) log('line ' + i);",
          'return {',
          '  html: \'<img src=x onerror="window.__pwned = 1"><b>bold</b>\',',
          '  list: Array.from({ length: 500 }, (_, i) => i),',
          "  text: 'x'.repeat(5000),",
          '};',
        ].join('\n'),
      },
    ],
  };
  await app.importDocument(doc);
  await app.runToEnd('big');

  const drawer = await app.inspectTask('big');
  // Capped where it was captured: the first 400 and last 500 lines, and a note between them.
  const logs = drawer.getByTestId('task-logs');
  await expect(logs).toContainText('line 1999');
  await logs.locator('.log-view__scroll').evaluate((el) => (el.scrollTop = 0));
  await expect(logs).toContainText('line 0');
  await logs.locator('.log-view__scroll').evaluate((el) => (el.scrollTop = el.scrollHeight * 0.45));
  await expect(logs).toContainText('1100 log lines dropped here');

  const output = drawer.getByTestId('task-output');
  await expect(output).toContainText('<img src=x onerror=');
  await expect(output).toContainText('<b>bold</b>');
  await expect(output.locator('img, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  await output.getByRole('button', { name: /list: Array\(500\)/ }).click();
  await expect(output.getByRole('button', { name: 'show 50 more of 450' })).toBeVisible();
  await output.getByRole('button', { name: 'show 50 more of 450' }).click();
  await expect(output.getByRole('button', { name: 'show 50 more of 400' })).toBeVisible();

  await expect(output.getByRole('button', { name: 'show more (4,800 chars)' })).toBeVisible();
  await output.getByRole('button', { name: 'show more (4,800 chars)' }).click();
  await expect(output.getByRole('button', { name: 'show more (2,800 chars)' })).toBeVisible();
  await app.expectNoErrors();
});
