import { expect, test as base } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';
import { SideEffects } from './pages/RunPage.ts';

/**
 * Each test gets the app and the side effects of its tasks (fixture tasks report them); the tasks
 * named in `held` stay in flight until `effects.release()`.
 */
const test = base.extend<{ held: string[]; effects: SideEffects; app: InspectPage }>({
  held: [[], { option: true }],
  effects: async ({ context, held }, use) => use(await SideEffects.attach(context, held)),
  app: async ({ page, effects: _effects }, use) => use(new InspectPage(page)),
});

test.use({ viewport: { width: 1440, height: 900 } });

// run-failing: load (logs "loading", returns 21) → broken (throws "boom: bad input 21") →
// after_broken; side → side_after. run-slow: step1 → step2 → step3 → step4, 2 s each, each logs
// "stepN done" and returns N.

const short = (runId: string) => runId.slice(0, 8);

/** Imports run-failing with the Runs tab open, runs it to its failure; returns the run id. */
async function runToFailure(app: InspectPage): Promise<string> {
  await app.open();
  await app.importFixture('run-failing.flowweaver.json', 5);
  await app.bottomTab('Runs');
  await app.run();
  await app.expectRunStatus('failed');
  return (await app.shownRunId())!;
}

/** Fixes the code of "broken" in the Inspector. */
async function fixBroken(app: InspectPage): Promise<void> {
  await app.tab('Inspector');
  await app.typeCode('return load * 2;');
  await expect(app.codeEditor).toContainText('return load * 2;');
}

/** Runs run-failing to its failure, fixes "broken", presses Retry failed; returns both run ids. */
async function failThenRetry(app: InspectPage): Promise<{ failedId: string; retryId: string }> {
  const failedId = await runToFailure(app);
  const broken = await app.inspectTask('broken');
  await expect(broken.getByTestId('task-error')).toContainText('boom: bad input 21');
  await fixBroken(app);
  return { failedId, retryId: await app.retryFailed('completed') };
}

/** The Runs tab lists the retry (newest, completed, attempt 2 of the failed run) above the failure. */
async function expectBothAttempts(app: InspectPage, failedId: string, retryId: string) {
  const rows = app.runRows();
  await expect(rows).toHaveCount(2);
  const retryRow = rows.nth(0);
  await expect(retryRow).toHaveAttribute('data-run-id', retryId);
  await expect(retryRow).toHaveAttribute('data-status', 'completed');
  await expect(retryRow).toHaveAttribute('data-attempt', '2');
  await expect(retryRow).toHaveAttribute('data-parent-run-id', failedId);
  await expect(retryRow.getByTestId('run-lineage')).toHaveText(
    `attempt 2 · retry of ${short(failedId)}`,
  );
  const failed = rows.nth(1);
  await expect(failed).toHaveAttribute('data-run-id', failedId);
  await expect(failed).toHaveAttribute('data-status', 'failed');
  await expect(failed).toContainText('1 failed');
  await expect(failed.getByTestId('run-lineage')).toHaveText(`retried by ${short(retryId)}`);
}

test('Retry failed keeps the failed run in history as the first attempt, linked to the retry that completed it', async ({
  page,
  app,
}) => {
  const { failedId, retryId } = await failThenRetry(app);
  await expectBothAttempts(app, failedId, retryId);

  // The failed attempt opens read-only, as it was: its error, its logs, its colours.
  await app.runRows().nth(1).getByRole('button', { name: 'Open' }).click();
  await expect(app.banner).toContainText(`Viewing run ${short(failedId)}`);
  await expect(app.banner).toContainText('read-only');
  await app.expectStatus('broken', 'failed');
  await app.expectStatus('after_broken', 'skipped');
  await app.expectStatus('load', 'completed');
  const load = await app.inspectTask('load');
  await expect(load.getByTestId('task-logs')).toContainText('loading');
  await expect(load.getByTestId('task-output')).toHaveText('21');
  const broken = await app.inspectTask('broken');
  await expect(broken.getByTestId('task-error')).toContainText('boom: bad input 21');
  await expect(broken.getByTestId('attempts-table').locator('tbody tr')).toHaveCount(1);

  // Both attempts survive a reload.
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await app.bottomTab('Runs');
  await expectBothAttempts(app, failedId, retryId);
  await app.expectNoErrors();
});

test('a second failure and Retry failed again make attempt 3 of the same run', async ({ app }) => {
  const first = await runToFailure(app);
  const second = await app.retryFailed('failed');
  await app.clickTask('broken');
  await fixBroken(app);
  const third = await app.retryFailed('completed');

  const rows = app.runRows();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-run-id', third);
  await expect(rows.nth(0).getByTestId('run-lineage')).toHaveText(
    `attempt 3 · retry of ${short(second)}`,
  );
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'failed');
  await expect(rows.nth(1).getByTestId('run-lineage')).toHaveText(
    `attempt 2 · retry of ${short(first)} · retried by ${short(third)}`,
  );
  await expect(rows.nth(2)).toHaveAttribute('data-status', 'failed');
  await expect(rows.nth(2).getByTestId('run-lineage')).toHaveText(`retried by ${short(second)}`);

  // "load" ran only in the first attempt: its log is shown in the third, read from the first.
  const load = await app.inspectTask('load');
  await expect(load).toContainText('(restored)');
  await expect(load.getByTestId('task-logs')).toContainText('loading');
  await app.expectNoErrors();
});

test('a task restored by Retry failed keeps its logs, output and inputs, live, after a reload and in history', async ({
  page,
  app,
}) => {
  const { failedId, retryId } = await failThenRetry(app);

  const expectRestoredDetails = async () => {
    const load = await app.inspectTask('load');
    await expect(load).toContainText('(restored)');
    await expect(load.getByTestId('task-logs')).toContainText('loading');
    await expect(load.getByTestId('task-output')).toHaveText('21');
    const broken = await app.inspectTask('broken');
    await expect(broken.getByTestId('drawer-inputs')).toContainText('load: 21');
    await expect(broken.getByTestId('task-output')).toHaveText('42');
  };
  await expectRestoredDetails();

  // After a reload the retry is the workflow's last run, shown as it ended.
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect.poll(() => app.shownRunId()).toBe(retryId);
  await expectRestoredDetails();

  // Opened from history, read-only.
  await app.bottomTab('Runs');
  await app.runRows().nth(1).getByRole('button', { name: 'Open' }).click();
  await expect(app.banner).toContainText('read-only');
  await app.runRows().nth(0).getByRole('button', { name: 'Open' }).click();
  await expect(app.banner).toContainText(`Viewing run ${short(retryId)}`);
  await expect(app.banner).toContainText(`(attempt 2, retry of ${short(failedId)})`);
  await expectRestoredDetails();
  await expect(app.drawer.getByTestId('logs-source')).toHaveCount(0);
  await app.inspectTask('load');
  await expect(app.drawer.getByTestId('logs-source')).toContainText(
    `Logged in run ${short(failedId)}`,
  );
  await app.expectNoErrors();
});

test.describe('a resume', () => {
  // step2 stays in flight (its side effect gets no answer) until the test releases it.
  test.use({ held: ['step2'] });

  test('after a reload mid-run, a task restored by the resume keeps its logs, output and inputs', async ({
    page,
    app,
    effects,
  }) => {
    await app.open();
    await app.importFixture('run-slow.flowweaver.json', 4);
    await app.run();
    await app.expectStatus('step1', 'completed');
    await expect.poll(() => effects.count('step2')).toBe(1);
    const runId = await app.shownRunId();

    await page.reload();
    await expect(page.locator('html[data-booted="true"]')).toBeAttached();
    await expect(app.toast()).toContainText('Resumed: 1 task restored, 1 running again');
    expect(await app.shownRunId()).toBe(runId);

    const step1 = await app.inspectTask('step1');
    await expect(step1).toContainText('(restored)');
    await expect(step1.getByTestId('task-logs')).toContainText('step1 done');
    await expect(step1.getByTestId('task-output')).toHaveText('1');
    // A resume is the same run: the logs are this run's own, with no note about another run.
    await expect(step1.getByTestId('logs-source')).toHaveCount(0);

    await expect.poll(() => effects.count('step2')).toBe(2);
    await effects.release();
    await app.expectRunStatus('completed');
    const step2 = await app.inspectTask('step2');
    await expect(step2.getByTestId('drawer-inputs')).toContainText('step1: 1');
    await expect(step2.getByTestId('task-logs')).toContainText('step2 done');
    const again = await app.inspectTask('step1');
    await expect(again.getByTestId('task-logs')).toContainText('step1 done');
    await app.expectNoErrors();
  });
});
