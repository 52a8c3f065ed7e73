import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('after a reload everything is as it was', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.newWorkflow();
  await page.getByLabel('Workflow name').fill('Kept across reloads');
  await editor.button('Add task').click();
  await editor.shortcut('Escape');
  await editor.shortcut('n');
  await editor.connect('task_1', 'task_2');
  await expect(editor.edges).toHaveCount(1);
  await editor.clickTask('task_2');
  await editor.inspector.getByLabel('Retries').fill('3');
  await expect(page.getByTestId('bottom-panel')).toContainText('3');

  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(editor.workflowName).toHaveText('Kept across reloads');
  await expect(editor.taskNodes).toHaveCount(2);
  await expect(editor.edge('task_1', 'task_2')).toBeAttached();
  await editor.clickTask('task_2');
  await expect(editor.inspector.getByLabel('Retries')).toHaveValue('3');
  await editor.expectNoErrors();
});

test('workflows can be renamed, duplicated, deleted and the delete undone', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.button('Workflows').click();
  const rows = page.getByTestId('workflow-row');
  await expect(rows).toHaveCount(7);
  await page.getByRole('button', { name: 'Rename Full run' }).click();
  await page.getByLabel('New name for Full run').fill('Every outcome');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.locator('[data-workflow-name="Every outcome"]')).toBeVisible();
  await page.getByRole('button', { name: 'Duplicate Every outcome' }).click();
  await expect(editor.workflowName).toHaveText('Every outcome (copy)');
  await expect(rows).toHaveCount(8);
  await page.getByRole('button', { name: 'Delete Every outcome (copy)' }).click();
  await expect(rows).toHaveCount(7);
  await expect(editor.workflowName).not.toHaveText('Every outcome (copy)');
  await editor.toast().getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(8);
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await editor.button('Workflows').click();
  await expect(rows).toHaveCount(8);
  await editor.expectNoErrors();
});
