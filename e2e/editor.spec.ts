import { expect, test } from '@playwright/test';
import { layeredWorkflow } from './fixtures/workflows.ts';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('build a 4-task DAG by mouse and keyboard', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.newWorkflow();
  await editor.button('Add task').click();
  await editor.doubleClickCanvas(0.2, 0.7);
  await editor.shortcut('Escape');
  await editor.shortcut('n');
  await editor.doubleClickCanvas(0.55, 0.8);
  await expect(editor.taskNodes).toHaveCount(4);
  for (const name of ['task_1', 'task_2', 'task_3', 'task_4']) {
    await expect(editor.taskNode(name)).toHaveAttribute('data-status', 'pending');
  }
  await editor.connect('task_1', 'task_2');
  await editor.connect('task_1', 'task_3');
  await editor.connect('task_2', 'task_4');
  await editor.connect('task_3', 'task_4');
  await expect(editor.edges).toHaveCount(4);
  await expect(editor.edge('task_3', 'task_4')).toBeAttached();

  // Rename in the inspector: a duplicate name is refused as you type, a unique one applies.
  await editor.clickTask('task_4');
  const name = editor.inspector.getByLabel('Name', { exact: true });
  await name.fill('task_1');
  await expect(editor.inspector.getByRole('alert')).toContainText('already named "task_1"');
  await name.fill('join');
  await expect(editor.taskNode('join')).toBeVisible();
  await expect(editor.edge('task_2', 'join')).toBeAttached();

  // Delete a task with the keyboard: its edges go too; undo brings both back.
  await editor.clickTask('task_3');
  await editor.shortcut('Delete');
  await expect(editor.taskNodes).toHaveCount(3);
  await expect(editor.edges).toHaveCount(2);
  await editor.button('Undo').click();
  await expect(editor.taskNodes).toHaveCount(4);
  await expect(editor.edges).toHaveCount(4);
  await editor.tab('Checklist');
  await expect(page.getByTestId('checklist-ok')).toBeVisible();
  await editor.expectNoErrors();
});

test('a connection that would close a loop is refused with the loop shown', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect(editor.edges).toHaveCount(6);
  await editor.connect('load', 'transform');
  await expect(editor.toast()).toContainText(
    'load → transform would close transform → validate → load → transform',
  );
  await expect(editor.edges).toHaveCount(6);
  await expect(editor.button('Undo')).toBeDisabled();
  await editor.expectNoErrors();
});

test('undo and redo step through an auto layout and a paste', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.nodePositions();
  await editor.button('Auto layout').click();
  await expect.poll(() => editor.nodePositions()).not.toEqual(before);
  const laidOut = await editor.nodePositions();

  await editor.select('transform', 'validate');
  await editor.shortcut('Mod+C');
  await editor.shortcut('Mod+V');
  await expect(editor.taskNodes).toHaveCount(9);
  await expect(editor.edge('transform_copy', 'validate_copy')).toBeAttached();
  await expect(editor.taskNode('transform_copy')).toHaveClass(/is-selected/);

  await editor.shortcut('Mod+Z');
  await expect(editor.taskNodes).toHaveCount(7);
  await editor.button('Undo').click();
  await expect.poll(() => editor.nodePositions()).toEqual(before);
  await editor.shortcut('Mod+Shift+Z');
  await expect.poll(() => editor.nodePositions()).toEqual(laidOut);
  await editor.shortcut('Mod+Y');
  await expect(editor.taskNodes).toHaveCount(9);
  await editor.expectNoErrors();
});

test('duplicate, cut and paste keep only the edges inside the selection', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.select('validate', 'load');
  await editor.shortcut('Mod+D');
  await expect(editor.taskNodes).toHaveCount(9);
  await expect(editor.edge('validate_copy', 'load_copy')).toBeAttached();
  await expect(editor.edge('transform', 'validate_copy')).toHaveCount(0);
  await editor.shortcut('Mod+X');
  await expect(editor.taskNodes).toHaveCount(7);
  await editor.shortcut('Mod+V');
  await expect(editor.taskNodes).toHaveCount(9);
  await editor.expectNoErrors();
});

test('select upstream and downstream grow the selection along the graph', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickTask('validate');
  await editor.button('Select upstream').click();
  await expect(page.getByTestId('multi-selection')).toContainText('5 tasks selected');
  await editor.shortcut('Escape');
  await editor.clickTask('validate');
  await editor.shortcut('d');
  await expect(page.getByTestId('multi-selection')).toContainText('3 tasks selected');
  await editor.expectNoErrors();
});

test('a syntax error shows its line inline and in the checklist until fixed', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickTask('load');
  await editor.typeCode('const x = 1;\nreturn x +;');
  await expect(page.getByTestId('code-problem')).toContainText('Line 2');
  await expect(page.getByRole('tab', { name: 'Checklist (1)' })).toBeVisible();
  await editor.tab('Checklist');
  await expect(page.getByTestId('checklist')).toContainText('E_SYNTAX');
  await page.getByTestId('checklist').getByRole('button').click();
  await editor.tab('Inspector');
  await editor.typeCode('return validate.rows;');
  await expect(page.getByTestId('code-problem')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Checklist', exact: true })).toBeVisible();
  await editor.expectNoErrors();
});

test('completion offers upstream names and the task scope', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickTask('load');
  await editor.typeCode('return val');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('validate');
  await editor.typeCode('ct');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('ctx');
  await editor.expectNoErrors();
});

test('the shortcut sheet opens on ? and closes on Escape', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.shortcut('Shift+?');
  await expect(page.getByTestId('shortcut-sheet')).toContainText('Shift+Alt+L');
  await editor.shortcut('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);
  await editor.expectNoErrors();
});

test('a big graph gets a canvas minimap that moves the view and shows run colours', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  // 600 no-op tasks in 24 layers of 25: past the SVG minimap's limit.
  await editor.importDocument(layeredWorkflow('big-map', 'Big map', 600, true));
  const map = page.getByTestId('canvas-minimap');
  await expect(map).toBeVisible();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  const viewport = page.locator('.react-flow__viewport');
  const transform = () => viewport.getAttribute('style');
  const before = await transform();
  const box = (await map.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.9);
  await expect.poll(transform).not.toBe(before);

  // Pixels of the run's completed green (dimmed outside the visible area) appear after the run.
  const greenPixels = () =>
    map.evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 1]! > data[i]! + 60 && data[i + 1]! > data[i + 2]! + 60) n++;
      return n;
    });
  expect(await greenPixels()).toBe(0);
  await editor.pressRun(editor.button('Run'));
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-run-status', 'completed');
  await expect.poll(greenPixels).toBeGreaterThan(100);
  await editor.expectNoErrors();
});
