import { inflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { fixturePath, layeredWorkflow } from './fixtures/workflows.ts';
import { MermaidPage } from './pages/MermaidPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

test('the panel renders the open workflow and follows structure edits', async ({ page }) => {
  const app = new MermaidPage(page);
  await app.open();
  await app.showDiagram(7);
  await expect(app.diagram).toContainText('extract');
  await app.clickTask('load');
  await page.keyboard.press('Delete');
  await app.tab('Mermaid');
  await expect(app.diagramNodes).toHaveCount(6);
  await app.expectNoErrors();
});

test('a hostile task name shows as text everywhere and runs no script', async ({ page }) => {
  const app = new MermaidPage(page);
  await app.open();
  await page.getByTestId('import-input').setInputFiles(fixturePath('hostile.flowweaver.json'));
  await expect(app.workflowName).toHaveText('Hostile names');
  await expect(app.taskNode(HOSTILE.replace(/"/g, '\\"'))).toContainText(HOSTILE);
  await app.showDiagram(5);
  await expect(app.diagram).toContainText(HOSTILE);
  await expect(app.diagram).toContainText('say "hi" [x] {y} 🚀');
  // `$$…$$` is a KaTeX formula to mermaid: the name shows as typed, not as x².
  await expect(app.diagram).toContainText('$$x^2$$');
  await expect(app.diagram.locator('.katex, math')).toHaveCount(0);
  await expect(app.diagram.locator('img')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  const mmd = await app.download('Download .mmd');
  expect(mmd.name).toBe('Hostile-names.mmd');
  const text = mmd.bytes.toString('utf8');
  expect(text.startsWith('graph TD\n')).toBe(true);
  expect(text).not.toContain('<img');
  expect(text).toContain('#lt;img');
  await app.expectNoErrors();
});

test('copy and downloads produce the diagram as text, SVG and PNG', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new MermaidPage(page);
  await app.open();
  await app.showDiagram(7);

  await app.panel.getByRole('button', { name: 'Copy Mermaid' }).click();
  await expect(app.panel.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^graph TD\n/);
  expect(copied).toContain('classDef completed fill:#28a745');

  const svg = await app.download('Download SVG');
  expect(svg.name).toBe('ETL-pipeline.svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toMatch(/^<\?xml/);
  expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svgText).toContain('extract');

  const png = await app.download('Download PNG');
  expect(png.name).toBe('ETL-pipeline.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(png.bytes.length).toBeGreaterThan(1000);
  await app.expectNoErrors();
});

test('Open view sends the workflow, not Mermaid text, and the viewer draws it', async ({
  page,
}, testInfo) => {
  const app = new MermaidPage(page);
  await app.open();
  await app.showDiagram(7);
  await app.button('Run').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-run-status', 'completed');
  const popup = page.waitForEvent('popup');
  await app.panel.getByRole('button', { name: 'Open view' }).click();
  const view = await popup;

  // The fragment holds the workflow's structure and statuses: no Mermaid text, no task code.
  const hash = new URL(view.url()).hash;
  expect(hash).toMatch(/^#z=[\w-]+$/);
  const payload = JSON.parse(
    inflateRawSync(Buffer.from(hash.slice(3), 'base64url')).toString('utf8'),
  ) as {
    format: string;
    document: { tasks: { name: string; code: string }[] };
    statuses: string[];
  };
  expect(Object.keys(payload).sort()).toEqual(['document', 'format', 'statuses', 'version']);
  expect(payload.format).toBe('flowweaver.mermaid-view');
  expect(payload.document.tasks).toHaveLength(7);
  expect(payload.document.tasks.every((t) => t.code === '')).toBe(true);
  expect(payload.statuses).toEqual(Array(7).fill('completed'));
  expect(JSON.stringify(payload)).not.toMatch(/graph TD|classDef/);

  await expect(view.locator('#fw-diagram svg g.node')).toHaveCount(7);
  await expect(view.locator('#fw-diagram svg g.node.completed')).toHaveCount(7);
  await expect(view.locator('#fw-title')).toHaveText('ETL pipeline');
  await expect(view.getByTestId('mermaid-view-refusal')).toBeHidden();
  await view.screenshot({ path: testInfo.outputPath('viewer-open-view.png'), fullPage: true });
  await app.expectNoErrors();
});

test('colours follow a run in place, without a new layout', async ({ page }) => {
  const app = new MermaidPage(page);
  await app.open();
  await app.showDiagram(7);
  const node = app.diagramNodes.filter({ hasText: 'report' }).first();
  const before = await node.getAttribute('transform');
  await node.evaluate((el) => el.setAttribute('data-probe', 'before-run'));
  expect(await app.nodeFill('report')).toBe('rgb(108, 117, 125)');
  await app.button('Run').click();
  await expect(app.taskNode('report')).toHaveAttribute('data-status', 'completed');
  await expect.poll(() => app.nodeFill('report')).toBe('rgb(40, 167, 69)');
  expect(await app.nodeFill('extract_users')).toBe('rgb(40, 167, 69)');
  // The same SVG element, recoloured: same position, no second render.
  expect(await node.getAttribute('data-probe')).toBe('before-run');
  expect(await node.getAttribute('transform')).toBe(before);
  await expect(app.diagramNodes).toHaveCount(7);
  await app.expectNoErrors();
});

test('a collapsed big DAG shows live counts per layer during a run, without a new layout', async ({
  page,
}) => {
  const app = new MermaidPage(page);
  await app.open();
  // 400 no-op tasks in 16 layers of 25: beyond the full-render limit, so one node per layer.
  await app.importDocument(layeredWorkflow('big', 'Big', 400));
  await app.showDiagram(16);
  await expect(app.panel.getByRole('status')).toContainText('showing one node per layer');
  const layer = app.diagramNodes.filter({ hasText: 'Layer 16 ·' });
  await expect(layer).toHaveText('Layer 16 · 25 tasks (25 pending)');
  await layer.evaluate((el) => el.setAttribute('data-probe', 'before-run'));

  await app.pressRun(app.button('Run'));
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-run-status', 'completed');
  await expect(layer).toHaveText('Layer 16 · 25 tasks (25 completed)');
  await expect.poll(() => app.nodeFill('Layer 16 ·')).toBe('rgb(40, 167, 69)');
  expect(await app.nodeFill('Layer 1 ·')).toBe('rgb(40, 167, 69)');
  // The same SVG element, relabelled and recoloured in place: no second mermaid render.
  expect(await layer.getAttribute('data-probe')).toBe('before-run');
  await expect(app.diagramNodes).toHaveCount(16);
  await app.expectNoErrors();
});
