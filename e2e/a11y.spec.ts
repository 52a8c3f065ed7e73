// Accessibility audit (issue 17): axe-core over the main views in the light and the dark theme;
// no serious or critical violation anywhere, and no rule turned off.
import { expect, test } from '@playwright/test';
import { seriousViolations } from './pages/axeAudit.ts';
import { InspectPage } from './pages/InspectPage.ts';
import { PalettePage } from './pages/PalettePage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';
import { fixture } from './fixtures/workflows.ts';

// axe reads every element of a view: on a busy two-core machine one pass over the Mermaid SVG
// can take several seconds, so these journeys get more than the default minute.
test.describe.configure({ timeout: 150_000 });

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the editor views have no serious or critical violations', async ({ page }) => {
      const app = new InspectPage(page);
      await app.open();
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      const found: string[] = [];

      await app.select('transform');
      await expect(app.codeEditor).toBeVisible();
      found.push(...(await seriousViolations(page, 'editor, a task selected')));

      // Completion of upstream names in the code editor, an entry highlighted.
      await app.codeEditor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nreturn ext');
      await expect(page.locator('.cm-tooltip-autocomplete')).toBeVisible();
      await page.keyboard.press('ArrowDown');
      found.push(...(await seriousViolations(page, 'code completion')));
      await page.keyboard.press('Escape');

      await app.tab('Mermaid');
      await expect(page.getByTestId('mermaid-diagram')).toHaveAttribute('data-state', 'ready');
      found.push(...(await seriousViolations(page, 'Mermaid tab')));

      await app.button('Workflows').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await seriousViolations(page, 'Workflows dialog')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await app.button('Examples').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await seriousViolations(page, 'Examples dialog')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await app.canvas.locator('.react-flow__pane').click({ position: { x: 5, y: 300 } });
      await app.shortcut('Shift+?');
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await seriousViolations(page, 'shortcut sheet')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      const palette = new PalettePage(page);
      await palette.open();
      found.push(...(await seriousViolations(page, 'command palette, commands')));
      await palette.type('is:pending tra');
      await expect(palette.options.first()).toBeVisible();
      found.push(...(await seriousViolations(page, 'command palette, tasks found')));
      await page.keyboard.press('Escape');
      await expect(palette.dialog).toHaveCount(0);

      await app.newWorkflow();
      found.push(...(await seriousViolations(page, 'empty workflow')));

      expect(found).toEqual([]);
      await app.expectNoErrors();
    });

    test('a finished run, its task drawer, history, timeline and metrics have no serious or critical violations', async ({
      page,
    }) => {
      const app = new InspectPage(page);
      await app.open();
      await app.openExample('Full run');
      await app.runToEnd('summary');
      const found: string[] = [];

      await app.inspectTask('step_fail');
      found.push(...(await seriousViolations(page, 'finished run, drawer open')));

      for (const tab of ['Runs', 'Timeline', 'Metrics'] as const) {
        await app.bottomTab(tab);
        found.push(...(await seriousViolations(page, tab)));
      }

      expect(found).toEqual([]);
      await app.expectNoErrors();
    });

    test('a finished run in the Mermaid tab has no serious or critical violations', async ({
      page,
    }) => {
      const app = new InspectPage(page);
      await app.open();
      await app.openExample('Full run');
      await app.runToEnd('summary');
      await app.tab('Mermaid');
      await expect(page.getByTestId('mermaid-diagram')).toHaveAttribute('data-state', 'ready');
      expect(await seriousViolations(page, 'finished run, Mermaid tab')).toEqual([]);
      await app.expectNoErrors();
    });

    test('the dialogs around a workflow from someone else have no serious or critical violations', async ({
      page,
      browser,
    }) => {
      const app = new WorkflowsPage(page);
      await app.open();
      await app.importDocument(fixture('diamond.flowweaver.json'));
      const found: string[] = [];

      await app.button('Run').click();
      await expect(app.review).toBeVisible();
      found.push(...(await seriousViolations(page, 'review before running')));
      await app.review.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect(app.review).toHaveCount(0);

      await app.networkAccess.click();
      await expect(page.getByRole('dialog', { name: 'Network access' })).toBeVisible();
      found.push(...(await seriousViolations(page, 'network access dialog')));
      await page.keyboard.press('Escape');

      await app.button('Share link').click();
      await expect(page.getByRole('dialog', { name: 'Share link' })).toBeVisible();
      found.push(...(await seriousViolations(page, 'share link dialog')));
      await page.keyboard.press('Escape');
      const link = await app.shareLink();

      const other = await browser.newContext({ colorScheme: scheme });
      const receiver = await other.newPage();
      await receiver.goto(new URL(link, page.url()).href);
      await expect(receiver.getByTestId('share-dialog')).toBeVisible();
      found.push(...(await seriousViolations(receiver, 'opening a share link')));
      await other.close();

      expect(found).toEqual([]);
      await app.expectNoErrors();
    });
  });
}
