import { expect, test, type Locator } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// run-failing: load → broken (throws "boom: bad input 21") → after_broken; side → side_after.

const items = (app: InspectPage): Locator => app.toast().locator('.toast');

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'element on screen').not.toBeNull();
  return b!;
}

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: typeof a,
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * One task, `flaky`, that fails while the test answers its request with an error and completes
 * once it answers 204: Retry failed can fail again, then complete, in quick succession.
 */
const flakyWorkflow = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'toasts-flaky',
  name: 'Toasts: flaky',
  tasks: [
    {
      name: 'flaky',
      code: "const r = await fetch('/__effect/flaky');\nif (!r.ok) throw new Error('not yet: ' + r.status);\nreturn 1;",
      dependsOn: [],
      position: { x: 0, y: 0 },
    },
  ],
};

test('a run keeps one outcome toast: Retry failed replaces the red "Run failed", and its green outcome goes by itself', async ({
  page,
  context,
}) => {
  const answers = [500, 500, 204];
  await context.route('**/__effect/flaky', (route) =>
    route.fulfill({
      status: answers.shift() ?? 204,
      headers: { 'access-control-allow-origin': '*' },
    }),
  );
  const app = new InspectPage(page);
  await app.open();
  await app.importDocument(flakyWorkflow);
  await app.run();
  await app.expectRunStatus('failed');
  const failed = items(app).filter({ hasText: 'Run failed' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('role', 'alert');
  await expect(failed).toContainText('"flaky" threw: not yet: 500');

  // Fails again: the newer failure replaces the older one.
  await app.pressRun(app.button('Retry failed'));
  await expect.poll(() => answers.length).toBe(1);
  await app.expectRunStatus('failed');
  await expect(failed).toHaveCount(1);
  await expect(items(app)).toHaveCount(1);

  await app.pressRun(app.button('Retry failed'));
  await expect.poll(() => answers.length).toBe(0);
  await app.expectRunStatus('completed');
  await expect(items(app).filter({ hasText: 'Run completed' })).toHaveCount(1);
  await expect(failed).toHaveCount(0);
  await expect(items(app)).toHaveCount(1);
  // Information goes away by itself.
  await expect(items(app)).toHaveCount(0);
  await app.expectNoErrors();
});

test('toasts cover neither the lower panel nor the side panel', async ({ page }) => {
  const app = new InspectPage(page);
  await app.open();
  await app.importFixture('run-failing.flowweaver.json', 5);
  await app.bottomTab('Metrics');
  await app.run();
  await app.expectRunStatus('failed');
  await expect(items(app)).toHaveCount(1);
  const toasts = await box(app.toast());
  expect(overlaps(toasts, await box(app.bottomPanel)), 'toasts over the lower panel').toBe(false);
  expect(
    overlaps(toasts, await box(page.getByTestId('right-panel'))),
    'toasts over the side panel',
  ).toBe(false);
  // The toast is on screen and can be dismissed.
  await items(app).getByRole('button', { name: 'Dismiss message' }).click();
  await expect(items(app)).toHaveCount(0);
  await app.expectNoErrors();
});
