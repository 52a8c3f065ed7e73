import { expect, test } from '@playwright/test';
import { SideEffects } from './pages/RunPage.ts';
import { storedRunTimes } from './pages/storedRuns.ts';
import { RunViewsPage, type ShownDurations } from './pages/RunViewsPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// run-slow: step1 → step2 → step3 → step4, 2 s each. diamond: four quick tasks.

/** Every view shows the same duration for the run (one definition, see docs/running.md). */
function expectOneDuration(shown: ShownDurations): void {
  expect(shown, 'the same duration in every view').toEqual({
    header: shown.toast,
    toast: shown.toast,
    runsTab: shown.toast,
    runTab: shown.toast,
    metrics: shown.toast,
    timeline: shown.toast,
  });
}

test('a run shows one duration in the header, the toast, the Runs tab, the Run tab, the timeline and the metrics', async ({
  page,
}) => {
  const app = new RunViewsPage(page);
  await app.open();
  await app.importFixture('diamond.flowweaver.json', 4);
  await app.run();
  await app.expectRunStatus('completed');
  await expect(app.toast()).toContainText('Run completed: 4 tasks in');
  expectOneDuration(await app.shownDurations());
  await app.expectNoErrors();
});

test('after a reload mid-run: the duration counts from the first start, and the interrupted attempt counts with its real times', async ({
  page,
  context,
}) => {
  // step2 stays in flight until released, so the reload always interrupts it.
  const effects = await SideEffects.attach(context, ['step2']);
  const app = new RunViewsPage(page);
  await app.open();
  await app.importFixture('run-slow.flowweaver.json', 4);
  const workflowId = (await app.openWorkflowId())!;
  await app.run();
  await app.expectStatus('step1', 'completed');
  await expect.poll(() => effects.count('step2')).toBe(1);
  const [first] = await storedRunTimes(page, workflowId, 'step2');

  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect.poll(() => effects.count('step2')).toBe(2);
  await effects.release();
  await app.expectRunStatus('completed');
  await expect(app.toast()).toContainText('Run completed: 4 tasks in');

  // The run keeps its first start: its duration covers the time before the reload too.
  const stored = await storedRunTimes(page, workflowId, 'step2');
  expect(stored).toHaveLength(1);
  expect(stored[0]!.startedAt).toBe(first!.startedAt);
  const [interrupted, second] = stored[0]!.attempts;
  expect(interrupted).toMatchObject({ attempt: 1, outcome: 'interrupted' });
  expect(second).toMatchObject({ attempt: 2, outcome: 'completed' });
  // It ended when the resume found it, no later than the next attempt started.
  expect(interrupted!.finishedAt).toBeGreaterThan(interrupted!.startedAt);
  expect(interrupted!.finishedAt).toBeLessThanOrEqual(second!.startedAt);

  expectOneDuration(await app.shownDurations());

  // The drawer counts the interrupted attempt and shows it as long as the timeline draws it.
  const drawer = await app.inspectTask('step2');
  await expect(drawer.getByTestId('task-attempt-count')).toHaveText(
    'attempt 2 of 2 (1 interrupted)',
  );
  const row = drawer.locator('[data-testid="attempts-table"] tr[data-outcome="interrupted"]');
  const tableDuration = ((await row.getByTestId('attempt-duration').textContent()) ?? '').trim();
  expect(tableDuration).not.toBe('0 ms');
  await app.bottomTab('Timeline');
  const bar = app.timelineBars('step2').and(page.locator('[data-attempt="1"]'));
  await expect(bar).toHaveAttribute('data-outcome', 'interrupted');
  await expect(bar).toHaveAttribute('aria-label', `step2 attempt 1: interrupted, ${tableDuration}`);
  await app.expectNoErrors();
});
