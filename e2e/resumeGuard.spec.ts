// Automatic resume cannot loop: when the tab dies while it resumes a run, the next start shows the
// run interrupted (naming the task that was running) and waits for Resume or Discard.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { RunPage, SideEffects } from './pages/RunPage.ts';

/** Kills the page's renderer, as running out of memory would: no pagehide, no unload. */
async function crash(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => undefined); // never answered: the session dies too
  await crashed;
}

/**
 * Starts the slow chain with step2 held, reloads (the run resumes by itself) and kills the tab
 * during that resume; returns a fresh tab of the app.
 */
async function crashDuringResume(page: Page, context: BrowserContext, effects: SideEffects) {
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-slow.flowweaver.json', 4);
  await app.run();
  await app.expectStatus('step1', 'completed');
  await expect.poll(() => effects.count('step2')).toBe(1);
  // A reload resumes the run by itself (a reload is not a crash)…
  await page.reload();
  await expect(app.toast()).toContainText('Resumed: 1 task restored');
  await expect.poll(() => effects.count('step2')).toBe(2);
  // …and the tab dies during that resume.
  await crash(page);
  const again = new RunPage(await context.newPage());
  await again.open();
  return again;
}

test('a tab that dies while resuming a run does not resume it by itself again', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context, ['step2']);
  const again = await crashDuringResume(page, context, effects);
  await expect(again.workflowName).toHaveText('Run: slow chain');
  const banner = again.page.getByTestId('interrupted-run-banner');
  await expect(banner).toContainText('resuming it ended the page last time');
  await expect(banner).toContainText('Running then: step2');
  await expect(again.taskNode('step1')).toHaveAttribute('data-status', 'completed');
  // Nothing runs: the task that was running is not shown running.
  await expect(again.taskNode('step2')).toHaveAttribute('data-status', 'cancelled');
  expect(effects.count('step2')).toBe(2); // not run a third time by itself

  await effects.release();
  await banner.getByRole('button', { name: 'Resume' }).click();
  await expect(banner).toHaveCount(0);
  await expect.poll(() => effects.count('step2')).toBe(3);
  await effects.release();
  await again.expectRunStatus('completed');
  expect(effects.count('step1')).toBe(1);
});

test('Discard records the interrupted run as cancelled and keeps what completed', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context, ['step2']);
  const again = await crashDuringResume(page, context, effects);
  const banner = again.page.getByTestId('interrupted-run-banner');
  await banner.getByRole('button', { name: 'Discard' }).click();
  await expect(banner).toHaveCount(0);
  await again.page.reload();
  await expect(again.page.locator('html[data-booted="true"]')).toBeAttached();
  await again.expectRunStatus('cancelled');
  await expect(again.taskNode('step1')).toHaveAttribute('data-status', 'completed');
  await expect(again.taskNode('step2')).toHaveAttribute('data-status', 'cancelled');
  await expect(again.page.getByTestId('interrupted-run-banner')).toHaveCount(0);
  expect(effects.count('step2')).toBe(2);
  await effects.release();
});
