import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

// Preferences survive a reload: the theme and the panels' tabs for this browser, the layout
// direction for each workflow (saved with it, and in its exported file).

test.use({ viewport: { width: 1440, height: 900 } });

const directionButton = (page: Page) => page.getByRole('button', { name: /^Layout direction:/ });

/** Where the handles of a task's node sit: "top/bottom" (top-down) or "left/right". */
async function handleSides(app: WorkflowsPage, task: string): Promise<string> {
  const node = app.taskNode(task);
  const sides = await Promise.all(
    ['target', 'source'].map((kind) =>
      node
        .locator(`.react-flow__handle.${kind}`)
        .evaluate((el) =>
          ['top', 'bottom', 'left', 'right'].find((side) =>
            el.classList.contains(`react-flow__handle-${side}`),
          ),
        ),
    ),
  );
  return sides.join('/');
}

test('the theme and the tabs of the side and bottom panels survive a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new WorkflowsPage(page);
  await app.open();
  await page.getByLabel('Theme').selectOption('dark');
  await app.tab('Mermaid');
  await app.bottomTab('Metrics');
  await app.reload();

  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('tab', { name: 'Mermaid', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('mermaid-panel')).toBeVisible();
  await expect(app.bottomPanel.getByRole('tab', { name: 'Metrics', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // Back to following the system, and that is kept too.
  await page.getByLabel('Theme').selectOption('system');
  await app.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('system');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.expectNoErrors();
});

test('a workflow keeps its layout direction across a reload and a reopen', async ({
  page,
}, testInfo) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: top-down');
  expect(await handleSides(app, 'transform')).toBe('top/bottom');
  expect(await app.edgeLeaves('transform', 'validate')).toBe('bottom');

  const before = await app.nodePositions();
  await directionButton(page).click();
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => app.nodePositions()).not.toEqual(before);
  expect(await handleSides(app, 'transform')).toBe('left/right');
  await expect.poll(() => app.edgeLeaves('transform', 'validate')).toBe('right');
  const laidOut = await app.nodePositions();

  await app.reload();
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  expect(await handleSides(app, 'transform')).toBe('left/right');
  expect(await app.nodePositions()).toEqual(laidOut);
  // Edges leave from the sides the handles are on: no loops back around the nodes.
  await expect.poll(() => app.edgeLeaves('transform', 'validate')).toBe('right');
  await expect.poll(() => app.edgeLeaves('extract_users', 'transform')).toBe('right');
  await page.screenshot({ path: testInfo.outputPath('lr-after-reload.png') });

  // The direction is the workflow's: another one opens top-down, and ETL left-right again.
  await app.openSaved('ML pipeline');
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: top-down');
  await expect.poll(() => app.edgeLeaves('load_data', 'split')).toBe('bottom');
  await app.openSaved('ETL pipeline');
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => app.edgeLeaves('transform', 'validate')).toBe('right');

  // The exported file carries the direction as the document's optional layout field.
  const download = page.waitForEvent('download');
  await app.button('Export JSON').click();
  const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as Record<
    string,
    unknown
  >;
  expect(exported.layout).toEqual({ direction: 'LR' });
  expect(JSON.stringify(exported)).not.toContain('layoutDirection');
  await app.expectNoErrors();
});
