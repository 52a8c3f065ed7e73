import { expect, test } from '@playwright/test';
import { layeredWorkflow } from './fixtures/workflows.ts';
import { seriousViolations } from './pages/axeAudit.ts';
import { OverviewPage } from './pages/OverviewPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** Status colours (STATUS_COLORS) as the canvas paints them. */
const PENDING: [number, number, number] = [108, 117, 125];
const COMPLETED: [number, number, number] = [40, 167, 69];

/** Where task big_i of layeredWorkflow(…, positioned) is: inside its node, wherever it was measured. */
const insideTask = (i: number) => [(i % 25) * 220 + 60, Math.floor(i / 25) * 120 + 20] as const;

/** The app with a 1,000-task workflow (positioned on a grid) open as it opens it. */
async function openThousand(app: OverviewPage, id: string): Promise<void> {
  await app.open();
  await app.importDocument(layeredWorkflow(id, `Workflow ${id}`, 1_000, true));
}

test('1,000 tasks in view are drawn as an overview that shows the run, names a task on hover and opens it on click', async ({
  page,
}) => {
  const app = new OverviewPage(page);
  await openThousand(app, 'overview');
  // A big graph opens on its first tasks, as nodes.
  await expect(app.taskNode('big_0')).toBeVisible();
  await expect(app.overview).toHaveCount(0);

  // Every task in view: drawn on the overview canvas, not as a thousand task-node elements, and
  // never mounted on the way there.
  const mounted = await app.countMountedNodes();
  await app.fitView();
  await expect(app.overview).toBeVisible();
  await expect(app.overview).toHaveAttribute(
    'aria-label',
    '1,000 tasks drawn as an overview; zoom in or use Ctrl+K to find a task',
  );
  await expect(app.taskNodes).toHaveCount(0);
  expect(await mounted()).toBe(0);
  await expect(app.overview).toHaveAttribute('data-drawn', 'pending 1000');
  const task512 = await app.flowToPage(...insideTask(512));
  expect(await app.colourAt(task512)).toEqual(PENDING);

  // The run repaints it in the statuses' colours.
  await app.run();
  await app.expectRunStatus('completed');
  await expect(app.overview).toHaveAttribute('data-drawn', 'completed 1000');
  expect(await app.colourAt(task512)).toEqual(COMPLETED);
  await expect(app.taskNodes).toHaveCount(0);

  // Hovering a task names it; a click selects it and opens its run details, keeping the overview.
  const task700 = await app.flowToPage(...insideTask(700));
  await page.mouse.move(task700.x, task700.y);
  await expect(app.tooltip).toHaveText('big_700');
  await expect(app.tooltip).toHaveAttribute('role', 'tooltip');
  expect(await seriousViolations(page, 'overview with a tooltip')).toEqual([]);
  await page.mouse.click(task700.x, task700.y);
  await expect(app.drawer).toHaveAttribute('data-task', 'big_700');
  await expect(app.overview).toBeVisible();
  await expect(app.taskNodes).toHaveCount(0);

  // The arrow keys move the selection and zoom in on the task: its node is drawn and focused.
  await page.keyboard.press('ArrowDown');
  await expect(app.drawer).toHaveAttribute('data-task', 'big_725');
  await expect(app.taskNode('big_725')).toBeInViewport();
  await expect(app.taskNode('big_725')).toHaveClass(/is-selected/);
  await expect(app.taskNode('big_725')).toHaveAttribute('data-status', 'completed');
  await expect(app.overview).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id="big_725"]')).toBeFocused();

  // F (Fit view) goes out to the overview again; the wheel zooms in: the nodes in view come back.
  await page.keyboard.press('f');
  await app.settled();
  await expect(app.overview).toBeVisible();
  const task0 = await app.flowToPage(...insideTask(0));
  await page.mouse.move(task0.x, task0.y);
  for (let i = 0; i < 20 && (await app.overview.count()) > 0; i++) {
    await page.mouse.wheel(0, -300);
    await app.settled();
  }
  await expect(app.overview).toHaveCount(0);
  await expect(app.taskNode('big_0')).toBeInViewport();
  await expect(app.taskNode('big_0')).toHaveAttribute('data-status', 'completed');
  expect(await app.taskNodes.count()).toBeLessThan(1_000);
  await app.expectNoErrors();
});

test('dragging the overview pans it, and a double-click zooms in there instead of adding a task', async ({
  page,
}) => {
  const app = new OverviewPage(page);
  await openThousand(app, 'overview-pan');
  await app.fitView();
  await expect(app.overview).toBeVisible();
  const before = await app.settled();
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  // From empty canvas at the right of the graph, dragged left.
  const from = { x: pane.x + pane.width - 30, y: pane.y + pane.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - 200, from.y, { steps: 5 });
  await page.mouse.up();
  expect(await app.settled()).not.toBe(before);
  await expect(app.overview).toBeVisible();

  const task300 = await app.flowToPage(...insideTask(300));
  await page.mouse.dblclick(task300.x, task300.y);
  await app.settled();
  await expect(app.overview).toHaveCount(0);
  await expect(app.taskNode('big_300')).toBeInViewport();
  // No task was added where it was double-clicked.
  expect((await app.taskNames()).filter((name) => !name.startsWith('big_'))).toEqual([]);
  await app.expectNoErrors();
});
