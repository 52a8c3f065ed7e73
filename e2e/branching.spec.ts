import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';
import { MermaidPage } from './pages/MermaidPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// The "Branching" example: load_batch → pick_path (a branch: returns 'small_path') → small_path
// runs, large_path is skipped → report (none_failed_min_one_success) runs → has_changes (a short
// circuit: returns false) → publish is skipped; archive calls ctx.skip(reason).
test('a branch workflow: the path not taken is skipped and drawn dashed on the canvas and in Mermaid', async ({
  page,
}, testInfo) => {
  const app = new InspectPage(page);
  const mermaid = new MermaidPage(page);
  await app.open();
  await app.openExample('Branching');

  // Branch and short-circuit tasks are recognisable before any run.
  await expect(app.taskNode('pick_path').getByRole('img', { name: 'Branch task' })).toBeVisible();
  await expect(
    app.taskNode('has_changes').getByRole('img', { name: 'Short-circuit task' }),
  ).toBeVisible();
  await expect(app.taskNode('report').getByTestId('task-decides')).toHaveCount(0);

  await app.runToEnd('publish');
  await app.expectRunStatus('completed');
  for (const name of ['load_batch', 'pick_path', 'small_path', 'report', 'has_changes'])
    await app.expectStatus(name, 'completed');
  for (const name of ['large_path', 'publish', 'archive']) await app.expectStatus(name, 'skipped');

  // Edges along which nothing passed are dashed; the branch taken is not.
  const notTaken = (from: string, to: string) =>
    app.edge(from, to).locator('path.react-flow__edge-path');
  await expect(notTaken('pick_path', 'large_path')).toHaveClass(/run-edge--not-taken/);
  await expect(notTaken('large_path', 'report')).toHaveClass(/run-edge--not-taken/);
  await expect(notTaken('has_changes', 'publish')).toHaveClass(/run-edge--not-taken/);
  await expect(notTaken('pick_path', 'small_path')).not.toHaveClass(/run-edge--not-taken/);
  expect(
    await notTaken('pick_path', 'large_path').evaluate(
      (el) => getComputedStyle(el).strokeDasharray,
    ),
  ).not.toBe('none');
  expect(
    await notTaken('pick_path', 'small_path').evaluate(
      (el) => getComputedStyle(el).strokeDasharray,
    ),
  ).toBe('none');
  await page.screenshot({ path: testInfo.outputPath('branching-canvas.png') });

  // The drawer says why each was skipped.
  const large = await app.inspectTask('large_path');
  await expect(large.getByTestId('skip-reason')).toHaveText('(branch not taken)');
  await expect(large.getByTestId('skip-message')).toHaveText(
    'Not chosen by branch task "pick_path" (it chose "small_path")',
  );
  const publish = await app.inspectTask('publish');
  await expect(publish.getByTestId('skip-reason')).toHaveText('(short circuit)');
  await expect(publish.getByTestId('skip-message')).toHaveText(
    'Short-circuited by "has_changes", which returned false',
  );
  const archive = await app.inspectTask('archive');
  await expect(archive.getByTestId('skip-reason')).toHaveText('(skipped by task)');
  await expect(archive.getByTestId('skip-message')).toHaveText('archiving is off for this demo');
  await page.screenshot({ path: testInfo.outputPath('branching-drawer.png') });

  // Mermaid: the branch task is a hexagon, statuses as on the canvas, the same links dotted.
  await page.keyboard.press('Escape');
  await mermaid.showDiagram(8);
  await expect(mermaid.diagramNode('pick_path').locator('polygon')).toHaveCount(1);
  expect(await mermaid.nodeStatus('large_path')).toBe('skipped');
  expect(await mermaid.nodeStatus('small_path')).toBe('completed');
  // Node ids follow the task order: pick_path t1, small_path t2, large_path t3.
  const link = (from: number, to: number) =>
    mermaid.diagram.locator(`path.flowchart-link[id*="L_t${from}_t${to}_"]`);
  await expect(link(1, 3)).toHaveClass(/edge-pattern-dotted/);
  await expect(link(1, 2)).not.toHaveClass(/edge-pattern-dotted/);
  const dashes = (l: ReturnType<typeof link>) =>
    l.evaluate((el) => getComputedStyle(el).strokeDasharray);
  expect(await dashes(link(1, 3))).toBe('4px, 3px');
  // Mermaid's solid link: one dash that stops short of the arrowhead.
  expect(await dashes(link(1, 2))).toMatch(/^0px, 0px, [\d.]+px, 4px$/);
  await expect(mermaid.diagram.locator('path.flowchart-link.edge-not-taken')).toHaveCount(5);
  await mermaid.diagram.screenshot({ path: testInfo.outputPath('branching-mermaid.png') });
});
