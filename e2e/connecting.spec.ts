import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** Four tasks, no dependencies (top-down): `a` above `b`, `task_1` above `c` to the right. */
const fourTasks = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'connecting',
  name: 'Connecting',
  tasks: [
    { name: 'a', code: 'return 1;', dependsOn: [], position: { x: 0, y: 0 } },
    { name: 'b', code: 'return 2;', dependsOn: [], position: { x: 0, y: 240 } },
    { name: 'c', code: 'return 3;', dependsOn: [], position: { x: 320, y: 240 } },
    { name: 'task_1', code: 'return 4;', dependsOn: [], position: { x: 320, y: 0 } },
  ],
};

async function openFourTasks(page: Page): Promise<EditorPage> {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importDocument(fourTasks);
  await expect(editor.taskNodes).toHaveCount(4);
  await expect(editor.edges).toHaveCount(0);
  return editor;
}

test('a drag started 8 px beside or below the visible handle connects', async ({ page }) => {
  const editor = await openFourTasks(page);
  // Sideways along the node's edge, then outward onto the canvas.
  await editor.connectFromNearHandle('a', 'b', { dx: 8, dy: 0 });
  await expect(editor.edge('a', 'b')).toBeAttached();
  await editor.connectFromNearHandle('a', 'c', { dx: 0, dy: 8 });
  await expect(editor.edge('a', 'c')).toBeAttached();
  await expect(editor.edges).toHaveCount(2);
  await editor.expectNoErrors();
});

test('a drop anywhere on a task body connects to it, in either direction', async ({ page }) => {
  const editor = await openFourTasks(page);
  await editor.connectToBody('a', 'source', 'b', 0.5, 0.5);
  await expect(editor.edge('a', 'b')).toBeAttached();
  // Low on the body, next to the target's own output handle, still connects into it.
  await editor.connectToBody('a', 'source', 'c', 0.8, 0.85);
  await expect(editor.edge('a', 'c')).toBeAttached();
  // Dragged from an input onto another body: that task becomes the upstream one.
  await editor.connectToBody('task_1', 'target', 'a', 0.5, 0.5);
  await expect(editor.edge('a', 'task_1')).toBeAttached();
  await expect(editor.edges).toHaveCount(3);
  // A loop is refused with the same message as between handles.
  await editor.connectToBody('b', 'source', 'a', 0.5, 0.5);
  await expect(editor.toast()).toContainText('b → a would close a → b → a');
  await expect(editor.edges).toHaveCount(3);
  await editor.expectNoErrors();
});

test('a drop on empty canvas adds a connected task, named and focused; Escape or undo removes it', async ({
  page,
}) => {
  const editor = await openFourTasks(page);
  const name = editor.inspector.getByLabel('Name', { exact: true });

  await editor.connectToCanvas('c', 'source', 200, -150);
  await expect(editor.taskNodes).toHaveCount(5);
  await expect(editor.edge('c', 'task_2')).toBeAttached();
  await expect(editor.taskNode('task_2')).toHaveClass(/is-selected/);
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('task_2');
  await page.keyboard.press('Escape');
  await expect(editor.taskNodes).toHaveCount(4);
  await expect(editor.edges).toHaveCount(0);

  // From an input: the new task is upstream. Typing replaces its name; Undo (twice) removes it.
  await editor.connectToCanvas('b', 'target', -200, -80);
  await expect(editor.edge('task_2', 'b')).toBeAttached();
  await expect(name).toBeFocused();
  await page.keyboard.type('extract');
  await expect(editor.taskNode('extract')).toBeVisible();
  await expect(editor.edge('extract', 'b')).toBeAttached();
  await editor.toolbarUndo.click();
  await editor.toolbarUndo.click();
  await expect(editor.taskNodes).toHaveCount(4);
  await expect(editor.edges).toHaveCount(0);
  await editor.expectNoErrors();
});

test('edges show their direction with an arrowhead', async ({ page }) => {
  const editor = await openFourTasks(page);
  await editor.connect('a', 'b');
  const path = editor.edge('a', 'b').locator('path.react-flow__edge-path');
  const marker = await path.getAttribute('marker-end');
  expect(marker).toMatch(/^url\(/);
  const id = /url\('?#([^')]+)'?\)/.exec(marker!)![1]!;
  const arrow = page.locator(`marker[id="${id}"]`);
  await expect(arrow).toBeAttached();
  await expect(arrow.locator('polyline, path')).toHaveCount(1);
});

test('zoomed out, edges and their arrowheads keep their size on screen', async ({ page }) => {
  const editor = await openFourTasks(page);
  await editor.connect('a', 'b');
  const path = editor.edge('a', 'b').locator('path.react-flow__edge-path');
  /** The edge's width as drawn on screen: its stroke width times the view's zoom. */
  const onScreen = () =>
    path.evaluate((el) => {
      const viewport = el.closest('.react-flow')!.querySelector('.react-flow__viewport')!;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
      return { width: parseFloat(getComputedStyle(el).strokeWidth) * zoom, zoom };
    });
  const zoomOut = page.getByRole('button', { name: 'Zoom Out' });
  // Out to just under 50 % (each click zooms out by 1.2×, animated).
  for (let i = 0; i < 15 && (await onScreen()).zoom >= 0.5; i++) {
    const before = (await onScreen()).zoom;
    await zoomOut.click();
    await expect.poll(async () => (await onScreen()).zoom).toBeLessThan(before * 0.9);
  }
  expect((await onScreen()).zoom).toBeLessThan(0.5);
  // The arrowhead is sized in stroke widths (markerUnits="strokeWidth"): it grows with the edge.
  expect((await onScreen()).width).toBeGreaterThanOrEqual(1.5);
});

test('an edge is selected by a click, highlighted on hover, deleted by Delete or its × and undone', async ({
  page,
}) => {
  const editor = await openFourTasks(page);
  await editor.connect('a', 'b');
  await editor.connect('a', 'c');
  await expect(editor.edges).toHaveCount(2);
  const ab = editor.edge('a', 'b');

  const before = await editor.edgeStroke('a', 'b');
  await editor.hoverEdge('a', 'b');
  expect(await editor.edgeStroke('a', 'b')).not.toEqual(before);

  await editor.clickEdge('a', 'b');
  await expect(ab).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(ab).toHaveCount(0);
  await expect(editor.edges).toHaveCount(1);
  await editor.shortcut('Mod+Z');
  await expect(ab).toBeAttached();
  await expect(editor.edges).toHaveCount(2);

  await editor.clickEdge('a', 'c');
  const remove = page.getByRole('button', { name: 'Delete dependency a → c' });
  await expect(remove).toBeVisible();
  await remove.click();
  await expect(editor.edge('a', 'c')).toHaveCount(0);
  await expect(remove).toHaveCount(0);
  await editor.toolbarUndo.click();
  await expect(editor.edge('a', 'c')).toBeAttached();
  await editor.expectNoErrors();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`edges stand out from the canvas (≥ 3:1) in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const editor = await openFourTasks(page);
    await expect(page.locator(`html[data-theme="${scheme}"]`)).toBeAttached();
    await editor.connect('a', 'b');
    const ratio = await editor.edgeContrast('a', 'b');
    expect(ratio).toBeGreaterThanOrEqual(3);
  });
}
