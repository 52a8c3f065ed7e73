import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('an empty workflow says what to do, in the middle of the canvas, until a task is added', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  const hint = page.getByTestId('empty-canvas');
  // A workflow with tasks shows no guidance.
  await expect(editor.taskNodes).not.toHaveCount(0);
  await expect(hint).toHaveCount(0);

  await editor.newWorkflow();
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Double-click the canvas or press N to add a task');
  await expect(hint).toContainText('Drag from a task');
  await expect(hint).toContainText('Ctrl+K');
  const box = (await hint.boundingBox())!;
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  expect(Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2))).toBeLessThan(2);
  expect(Math.abs(box.y + box.height / 2 - (pane.y + pane.height / 2))).toBeLessThan(2);

  // "Open an example" opens the Examples dialog; closing it leaves the guidance.
  await hint.getByRole('button', { name: 'Open an example' }).click();
  await expect(page.getByRole('dialog', { name: 'Examples' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Examples' })).toHaveCount(0);
  await expect(hint).toBeVisible();

  // A double-click on the guidance's own text reaches the canvas: a task is added there.
  const title = (await hint.getByRole('heading').boundingBox())!;
  await page.mouse.dblclick(title.x + title.width / 2, title.y + title.height / 2);
  await expect(editor.taskNodes).toHaveCount(1);
  await expect(hint).toHaveCount(0);

  // Undo empties the workflow again, and the guidance is back.
  await editor.shortcut('Mod+Z');
  await expect(editor.taskNodes).toHaveCount(0);
  await expect(hint).toBeVisible();
  // Its buttons work as the keys do: Add a task, the palette.
  await hint.getByRole('button', { name: 'Commands (Ctrl+K)' }).click();
  await expect(page.getByTestId('palette')).toBeVisible();
  await page.keyboard.press('Escape');
  await hint.getByRole('button', { name: 'Add a task' }).click();
  await expect(editor.taskNodes).toHaveCount(1);
  await expect(hint).toHaveCount(0);
  await editor.expectNoErrors();
});
