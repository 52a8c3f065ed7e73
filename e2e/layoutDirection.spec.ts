import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

// Laying out the graph: left-right layout framed after a reload and carried by a file and a link,
// an Auto layout that moves nothing, and where a new task lands (issue 17).

test.use({ viewport: { width: 1440, height: 900 } });

type Box = { x: number; y: number; width: number; height: number };

const directionButton = (page: Page) => page.getByRole('button', { name: /^Layout direction:/ });

/** The screen rectangles of every task node, by name. */
async function nodeBoxes(editor: EditorPage): Promise<Map<string, Box>> {
  const boxes = new Map<string, Box>();
  for (const name of await editor.taskNames()) {
    boxes.set(name, (await editor.taskNode(name).boundingBox())!);
  }
  return boxes;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Pairs of tasks whose nodes overlap on screen, as "a/b". */
async function overlappingPairs(editor: EditorPage): Promise<string[]> {
  const entries = [...(await nodeBoxes(editor))];
  const pairs: string[] = [];
  entries.forEach(([a, boxA], i) => {
    for (const [b, boxB] of entries.slice(i + 1)) if (overlaps(boxA, boxB)) pairs.push(`${a}/${b}`);
  });
  return pairs;
}

/** Tasks whose nodes are not wholly inside the visible canvas. */
async function tasksOutOfView(editor: EditorPage): Promise<string[]> {
  const view = (await editor.page.locator('.react-flow__pane').boundingBox())!;
  const out: string[] = [];
  for (const [name, box] of await nodeBoxes(editor)) {
    const inside =
      box.x >= view.x &&
      box.y >= view.y &&
      box.x + box.width <= view.x + view.width &&
      box.y + box.height <= view.y + view.height;
    if (!inside) out.push(name);
  }
  return out;
}

test('left-right layout is framed whole after the layout and after a reload', async ({
  page,
}, testInfo) => {
  const editor = new WorkflowsPage(page);
  await editor.open();
  await expect(editor.workflowName).toHaveText('ETL pipeline');
  // Zoomed in on one corner, as a user who was working on a detail.
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();

  const before = await editor.nodePositions();
  await directionButton(page).click();
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => editor.nodePositions()).not.toEqual(before);
  // The layout landed and the view frames all of it, edges running left to right.
  await expect.poll(() => tasksOutOfView(editor)).toEqual([]);
  await expect.poll(() => editor.edgeLeaves('transform', 'validate')).toBe('right');
  expect(await overlappingPairs(editor)).toEqual([]);

  await editor.reload();
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => tasksOutOfView(editor)).toEqual([]);
  await expect.poll(() => editor.edgeLeaves('extract_users', 'transform')).toBe('right');
  await expect.poll(() => editor.edgeLeaves('transform', 'validate')).toBe('right');

  // Auto layout again after zooming in: the whole graph is framed once more.
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => tasksOutOfView(editor)).not.toEqual([]);
  await editor.autoLayout();
  await expect.poll(() => tasksOutOfView(editor)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('lr-layout-fit.png') });
  await editor.expectNoErrors();
});

test('an Auto layout that moves nothing adds no undo step', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.nodePositions();
  const laidOut = await editor.autoLayout();
  expect(laidOut).not.toEqual(before);
  await expect(editor.toolbarUndo).toBeEnabled();

  // The second layout finds every task already in place.
  expect(await editor.autoLayout()).toEqual(laidOut);

  // One undo goes back to before the first layout: the second left no step of its own.
  await editor.toolbarUndo.click();
  await expect.poll(() => editor.nodePositions()).toEqual(before);
  await editor.expectNoErrors();
});

test('tasks added with N or Add task land in free space, in view', async ({ page }, testInfo) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect(editor.taskNodes).toHaveCount(7);
  expect(await overlappingPairs(editor)).toEqual([]);

  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 4; i++) {
    await editor.page.keyboard.press('n');
    await expect(editor.taskNodes).toHaveCount(8 + i);
  }
  await editor.button('Add task').click();
  await editor.button('Add task').click();
  await expect(editor.taskNodes).toHaveCount(13);

  expect(await overlappingPairs(editor)).toEqual([]);
  expect(await tasksOutOfView(editor)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('added-tasks.png') });
  await editor.expectNoErrors();
});

test('a task added with a task selected lands next to it, on free space', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickTask('transform');
  await editor.page.keyboard.press('n');
  await expect(editor.taskNodes).toHaveCount(8);
  const added = (await editor.taskNames()).find((n) => n.startsWith('task_'))!;
  expect(await overlappingPairs(editor)).toEqual([]);
  const a = (await editor.taskNode('transform').boundingBox())!;
  const b = (await editor.taskNode(added).boundingBox())!;
  const gap = Math.hypot(
    b.x + b.width / 2 - a.x - a.width / 2,
    b.y + b.height / 2 - a.y - a.height / 2,
  );
  // Within about two node sizes of the selected task, not somewhere else on the canvas.
  expect(gap).toBeLessThan(2.5 * Math.max(a.width, a.height));

  // Left-right, the next task goes after the selected one: to its right, level with it, when
  // there is room there in view (zoomed out; else the nearest free spot in view).
  await directionButton(page).click();
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect(editor.button('Auto layout')).toBeEnabled();
  await page.getByRole('button', { name: 'Zoom Out' }).click();
  await page.getByRole('button', { name: 'Zoom Out' }).click();
  await editor.clickTask('report');
  await editor.page.keyboard.press('n');
  await expect(editor.taskNodes).toHaveCount(9);
  const next = (await editor.taskNames()).find((n) => n.startsWith('task_') && n !== added)!;
  const report = (await editor.taskNode('report').boundingBox())!;
  const after = (await editor.taskNode(next).boundingBox())!;
  expect(after.x).toBeGreaterThan(report.x + report.width);
  expect(Math.abs(after.y - report.y)).toBeLessThan(report.height);
  expect(await overlappingPairs(editor)).toEqual([]);
  await editor.expectNoErrors();
});

/** A three-task chain laid out left to right, as a file or a link carries it. */
const chain = (layout?: { direction: 'TD' | 'LR' }) => ({
  format: 'flowweaver.workflow',
  version: 1,
  id: 'chain',
  name: layout ? `Chain ${layout.direction}` : 'Chain',
  tasks: [
    { name: 'a', code: 'return 1;', dependsOn: [], position: { x: 0, y: 0 } },
    { name: 'b', code: 'return a + 1;', dependsOn: ['a'], position: { x: 256, y: 0 } },
    { name: 'c', code: 'return b + 1;', dependsOn: ['b'], position: { x: 512, y: 0 } },
  ],
  ...(layout ? { layout } : {}),
});

/** The open workflow as Export JSON writes it. */
async function exported(editor: EditorPage): Promise<Record<string, unknown>> {
  const download = editor.page.waitForEvent('download');
  await editor.button('Export JSON').click();
  const path = (await (await download).path())!;
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

test('a left-right workflow stays left-right through its file and its share link', async ({
  page,
  browser,
}, testInfo) => {
  const editor = new WorkflowsPage(page);
  await editor.open();
  // A version-1 file without the field opens top-down and exports without it.
  await editor.importDocument(chain());
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: top-down');
  expect(await exported(editor)).not.toHaveProperty('layout');

  await editor.importDocument(chain({ direction: 'LR' }));
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => editor.edgeLeaves('a', 'b')).toBe('right');
  await editor.reload();
  await expect(editor.workflowName).toHaveText('Chain LR');
  await expect(directionButton(page)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => editor.edgeLeaves('b', 'c')).toBe('right');
  expect((await exported(editor)).layout).toEqual({ direction: 'LR' });

  await editor.button('Share link').click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const receiver = new EditorPage(other);
  await receiver.open(new URL(link).pathname + new URL(link).hash);
  await other
    .getByTestId('share-dialog')
    .getByRole('button', { name: 'Add to my workflows' })
    .click();
  await expect(receiver.workflowName).toHaveText('Chain LR');
  await expect(directionButton(other)).toHaveAccessibleName('Layout direction: left-right');
  await expect.poll(() => receiver.edgeLeaves('a', 'b')).toBe('right');
  await other.screenshot({ path: testInfo.outputPath('lr-from-link.png') });
  await receiver.expectNoErrors();
  await other.close();
  await editor.expectNoErrors();
});
