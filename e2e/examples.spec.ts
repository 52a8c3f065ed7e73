import { expect, test } from '@playwright/test';
import { EXAMPLE_NAMES } from './fixtures/workflows.ts';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

for (const name of EXAMPLE_NAMES) {
  test(`example "${name}" opens as a valid copy`, async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.open();
    await editor.button('Examples').click();
    await page.getByRole('button', { name: `Open example ${name}` }).click();
    await expect(editor.workflowName).toHaveText(name);
    await expect(editor.taskNodes.first()).toBeVisible();
    await editor.tab('Checklist');
    await expect(page.getByTestId('checklist-ok')).toBeVisible();
    await editor.button('Workflows').click();
    // The seed holds one copy already; opening from the gallery adds another.
    await expect(
      page.locator(`[data-testid="workflow-row"][data-workflow-name="${name}"]`),
    ).toHaveCount(2);
    await editor.expectNoErrors();
  });
}
