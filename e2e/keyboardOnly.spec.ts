import { expect, test } from '@playwright/test';
import { PalettePage } from './pages/PalettePage.ts';
import { RunPage } from './pages/RunPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('build, connect and run a 3-task workflow with the keyboard alone', async ({ page }) => {
  // Counts every pointer or mouse press the page receives: there must be none.
  await page.addInitScript(() => {
    const w = window as unknown as { pointerPresses: number };
    w.pointerPresses = 0;
    for (const type of ['pointerdown', 'mousedown', 'dblclick', 'contextmenu'])
      window.addEventListener(type, () => (w.pointerPresses += 1), { capture: true });
  });
  const editor = new RunPage(page);
  const palette = new PalettePage(page);
  const name = editor.inspector.getByLabel('Name', { exact: true });
  await editor.open();

  await palette.run('new workflow', 'New workflow');
  await expect(editor.taskNodes).toHaveCount(0);
  await expect(page.getByTestId('empty-canvas')).toBeVisible();

  /** F2 puts the focus in the selected task's Name; type, then Escape goes back to the canvas. */
  const rename = async (to: string) => {
    await page.keyboard.press('F2');
    await expect(name).toBeFocused();
    await page.keyboard.type(to);
    await expect(editor.taskNode(to)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator(`.react-flow__node[data-id="${to}"]`)).toBeFocused();
  };

  await page.keyboard.press('n');
  await expect(editor.taskNodes).toHaveCount(1);
  await expect(page.getByTestId('empty-canvas')).toHaveCount(0);
  await rename('extract');
  await page.keyboard.press('n');
  await expect(editor.taskNodes).toHaveCount(2);
  await rename('transform');
  await expect(editor.edges).toHaveCount(0);

  // The arrow keys move the selection: up from transform is extract.
  await page.keyboard.press('ArrowUp');
  await expect(name).toHaveValue('extract');
  // Connect it from the palette: the command lists the tasks it can connect to.
  await palette.open();
  await palette.choose('connect', 'Connect selected task to…');
  await expect(palette.dialog).toHaveAttribute('aria-label', 'Connect extract to…');
  await expect.poll(() => palette.titles('task')).toEqual(['transform']);
  await palette.choose('trans', 'transform');
  await expect(palette.dialog).toHaveCount(0);
  await expect(editor.edge('extract', 'transform')).toBeAttached();

  // Down to transform, and a task downstream of it, already connected.
  await page.keyboard.press('ArrowDown');
  await expect(name).toHaveValue('transform');
  await palette.run('downstream', 'Add downstream task');
  await expect(editor.taskNodes).toHaveCount(3);
  await expect(editor.edges).toHaveCount(2);
  await rename('load');
  await expect(editor.edge('transform', 'load')).toBeAttached();

  // Shift+arrow moves the selected task a grid step, into the document (undo moves it back).
  const x = () =>
    page
      .locator('.react-flow__node[data-id="load"]')
      .evaluate((node) => new DOMMatrix(getComputedStyle(node).transform).m41);
  const before = await x();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(x).toBe(before + 32);
  await expect(name).toHaveValue('load');
  await page.keyboard.press('Control+Z');
  await expect.poll(x).toBeLessThan(before + 32);

  // Delete and undo from the keyboard too.
  await page.keyboard.press('Delete');
  await expect(editor.taskNodes).toHaveCount(2);
  await page.keyboard.press('Control+Z');
  await expect(editor.taskNodes).toHaveCount(3);

  await palette.run('run workflow', 'Run workflow');
  await editor.expectRunStatus('completed');
  for (const task of ['extract', 'transform', 'load']) await editor.expectStatus(task, 'completed');

  expect(
    await page.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses),
  ).toBe(0);
  await editor.expectNoErrors();
});
