import { expect, test, type Page } from '@playwright/test';
import { layeredWorkflow } from './fixtures/workflows.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { PalettePage } from './pages/PalettePage.ts';
import { RunPage } from './pages/RunPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** Page pixels between the centre of a task's node and the centre of the canvas. */
async function offCentre(page: Page, editor: EditorPage, name: string): Promise<number> {
  const node = (await editor.taskNode(name).boundingBox())!;
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  return Math.hypot(
    node.x + node.width / 2 - (pane.x + pane.width / 2),
    node.y + node.height / 2 - (pane.y + pane.height / 2),
  );
}

test('Ctrl+K finds a task by name and jumps to it: selected, centred, in the Inspector', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  const palette = new PalettePage(page);
  await editor.open();
  // 400 tasks: the canvas opens on the first few and draws only what is in view.
  await editor.importDocument(layeredWorkflow('palette-big', 'Palette big', 400, true));
  await expect(editor.taskNode('big_0')).toBeVisible();
  await expect(editor.taskNode('big_387')).toHaveCount(0);

  await palette.open();
  // The list is a combobox over a listbox, moved through with the arrow keys.
  await expect(palette.input).toHaveAttribute('aria-controls', 'palette-list');
  await palette.type('big_387');
  await expect.poll(() => palette.titles('task')).toEqual(['big_387']);
  await expect(palette.active).toContainText('big_387');
  await expect(palette.input).toHaveAttribute(
    'aria-activedescendant',
    (await palette.active.getAttribute('id'))!,
  );
  await palette.input.press('Enter');
  await expect(palette.dialog).toHaveCount(0);

  await expect(editor.taskNode('big_387')).toBeVisible();
  await expect(editor.inspector.getByLabel('Name', { exact: true })).toHaveValue('big_387');
  expect(await offCentre(page, editor, 'big_387')).toBeLessThan(40);
  // The canvas has the focus again, on that task: the arrow keys go on from there.
  await expect(page.locator('.react-flow__node[data-id="big_387"]')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(editor.inspector.getByLabel('Name', { exact: true })).toHaveValue('big_362');
  // Nine layers further up is out of that view: the view follows the selection.
  await expect(editor.taskNode('big_137')).not.toBeInViewport();
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowUp');
  await expect(editor.inspector.getByLabel('Name', { exact: true })).toHaveValue('big_137');
  await expect(editor.taskNode('big_137')).toBeInViewport();

  // Ctrl+F on the canvas opens the same palette; words match the code too; Escape closes it.
  await palette.open('F');
  await palette.type('return 1');
  await expect(palette.dialog.locator('.palette__more')).toContainText('350 more');
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toHaveCount(0);
  await expect(editor.inspector.getByLabel('Name', { exact: true })).toHaveValue('big_137');
  await editor.expectNoErrors();
});

test('is:failed after a failing run lists the failed task; filters combine with words', async ({
  page,
}) => {
  const editor = new RunPage(page);
  const palette = new PalettePage(page);
  await editor.open();
  await editor.importFixture('run-failing.flowweaver.json', 5);
  await editor.run();
  await editor.expectRunStatus('failed');

  await palette.open();
  await palette.type('is:failed');
  await expect.poll(() => palette.titles('task')).toEqual(['broken']);
  // A filter looks for tasks only.
  await expect.poll(() => palette.titles('command')).toEqual([]);
  await expect(palette.active).toContainText('failed');
  await palette.type('is:completed');
  await expect
    .poll(async () => (await palette.titles('task')).sort())
    .toEqual(['load', 'side', 'side_after']);
  await palette.type('after is:completed');
  await expect.poll(() => palette.titles('task')).toEqual(['side_after']);
  await palette.type('after');
  await expect
    .poll(async () => (await palette.titles('task')).sort())
    .toEqual(['after_broken', 'side_after']);
  // Words are searched in the code: the line they are on is shown.
  await palette.type('boom');
  await expect.poll(() => palette.titles('task')).toEqual(['broken']);
  await expect(palette.active).toContainText("code: throw new Error('boom: bad input ' + load);");
  await palette.type('is:broken');
  await expect(palette.dialog.getByRole('status').first()).toContainText(
    'Unknown filter is:broken',
  );
  await palette.choose('is:failed', 'broken');
  await expect(palette.dialog).toHaveCount(0);
  // Selected (a task of the run shown opens its run details) and focused on the canvas.
  const node = page.locator('.react-flow__node[data-id="broken"]');
  await expect(node).toHaveClass(/selected/);
  await expect(node).toBeFocused();
  await expect(editor.inspector).toContainText('boom: bad input 21');
  await editor.expectNoErrors();
});

test('is:invalid finds a task with a validation problem, and says which', async ({ page }) => {
  const editor = new EditorPage(page);
  const palette = new PalettePage(page);
  await editor.open();
  await editor.setTaskCode('transform', 'return );');
  // Ctrl+K works from the code editor too, and Escape gives the focus back to it.
  await expect(editor.codeEditor).toBeFocused();
  await palette.open();
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toHaveCount(0);
  await expect(editor.codeEditor).toBeFocused();
  await palette.open();
  await palette.type('is:invalid');
  await expect.poll(() => palette.titles('task')).toEqual(['transform']);
  await expect(palette.active).toContainText('Unexpected token');
  await editor.expectNoErrors();
});

test('the palette lists every command with its shortcut, as the shortcut sheet does, and runs them', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  const palette = new PalettePage(page);
  await editor.open();
  await palette.open();
  // Every command with a shortcut is a row of the "?" sheet with the same keys.
  const commands = await palette.options.evaluateAll((options) =>
    options
      .filter((o) => o.getAttribute('data-kind') === 'command')
      .map((o) => ({
        title: o.querySelector('.palette__title')!.textContent!,
        keys: o.querySelector('.palette__keys')?.textContent ?? null,
      })),
  );
  for (const title of ['Run workflow', 'Export SVG', 'Open Examples…', 'Connect selected task to…'])
    expect(commands.map((c) => c.title)).toContain(title);
  await palette.choose('shortcuts', 'Keyboard shortcuts');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  const rows = await sheet
    .getByRole('row')
    .evaluateAll((trs) =>
      trs.map(
        (tr) => `${tr.querySelector('th')!.textContent} | ${tr.querySelector('td')!.textContent}`,
      ),
    );
  const withKeys = commands.filter((c) => c.keys !== null);
  expect(withKeys.length).toBeGreaterThan(15);
  for (const c of withKeys) expect(rows).toContain(`${c.keys} | ${c.title}`);
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  // Connecting from the keyboard: the tasks it can connect to first, the others say why not.
  await palette.open();
  await palette.choose('extract_users', 'extract_users');
  await expect(palette.dialog).toHaveCount(0);
  await palette.open();
  await palette.choose('connect', 'Connect selected task to…');
  await expect(palette.dialog).toHaveAttribute('aria-label', 'Connect extract_users to…');
  await expect
    .poll(() => palette.titles('task'))
    .toEqual(['extract_orders', 'extract_products', 'validate', 'load', 'report', 'transform']);
  await expect(palette.options.last()).toHaveAttribute('aria-disabled', 'true');
  await expect(palette.options.last()).toContainText(
    'Already connected: extract_users → transform',
  );
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toHaveCount(0);
  // Escape on the canvas clears the selection.
  await page.keyboard.press('Escape');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);

  // A command that cannot run now says why and stays listed; Enter on it does nothing.
  await palette.open();
  await palette.type('run this task');
  await expect(palette.active).toHaveAttribute('aria-disabled', 'true');
  await expect(palette.active).toContainText('Select one task on the canvas first');
  await palette.input.press('Enter');
  await expect(palette.dialog).toBeVisible();

  // Running one: the theme, then a layout command.
  await palette.choose('dark', 'Theme: dark');
  await expect(palette.dialog).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await palette.run('sequential', 'Executor: Sequential (one worker)');
  await expect(page.getByLabel('Executor', { exact: true })).toHaveValue('sequential');
  await palette.run('examples', 'Open Examples…');
  await expect(page.getByRole('dialog', { name: 'Examples' })).toBeVisible();
  await editor.expectNoErrors();
});
