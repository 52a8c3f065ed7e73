// Exports that are what they say (issue 17): Export SVG writes a vector drawing of the graph
// (shapes, text, edges with arrowheads), not HTML wrapped in an SVG; every download is named
// from the workflow's name the same way.
import { expect, test, type Page } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';
import { MermaidPage } from './pages/MermaidPage.ts';
import { fixture, fixturePath } from './fixtures/workflows.ts';

/** Plain SVG 1.1 elements an editor such as Inkscape reads as they are. */
const PLAIN_SVG = ['svg', 'title', 'desc', 'defs', 'marker', 'g', 'rect', 'path', 'text'];

interface SvgSummary {
  parseError: string | null;
  elements: string[];
  tasks: { name: string; label: string; fill: string; stroke: string }[];
  edges: { dashed: boolean; marker: string | null }[];
  markers: number;
  styled: number;
}

/** Parses the exported SVG in the page with DOMParser and reads what it draws. */
function summarise(page: Page, svg: string): Promise<SvgSummary> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const all = [...doc.getElementsByTagName('*')];
    return {
      parseError: error ? error.textContent : null,
      elements: [...new Set(all.map((el) => el.localName))].sort(),
      tasks: [...doc.querySelectorAll('g.task')].map((g) => ({
        name: g.querySelector('title')?.textContent ?? '',
        label: g.querySelector('text.task__name')?.textContent ?? '',
        fill: g.querySelector('rect.task__status')?.getAttribute('fill') ?? '',
        stroke: g.querySelector('rect.task__box')?.getAttribute('stroke') ?? '',
      })),
      edges: [...doc.querySelectorAll('path.edge')].map((p) => ({
        dashed: p.hasAttribute('stroke-dasharray'),
        marker: p.getAttribute('marker-end'),
      })),
      markers: doc.querySelectorAll('defs > marker').length,
      styled: all.filter((el) => el.hasAttribute('style') || el.localName === 'style').length,
    };
  }, svg);
}

test('Export SVG writes a vector graph: a shape per task, a path with an arrowhead per dependency, status colours', async ({
  page,
  browser,
}, testInfo) => {
  const app = new InspectPage(page);
  await app.open();
  await app.runToEnd('report');
  await app.expectRunStatus('completed');
  const tasks = await app.taskNames();
  const edges = await app.edges.count();

  const file = await app.downloadFrom(app.button('Export SVG'));
  expect(file.name).toBe('ETL-pipeline.svg');
  expect(file.bytes.length).toBeLessThan(100 * 1024);
  const text = file.bytes.toString('utf8');
  expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
  expect(text).not.toMatch(/foreignObject|<style|@import|xhtml/i);

  const svg = await summarise(page, text);
  expect(svg.parseError).toBeNull();
  expect(svg.elements.filter((name) => !PLAIN_SVG.includes(name))).toEqual([]);
  expect(svg.styled).toBe(0);
  expect(svg.tasks.map((t) => t.name).sort()).toEqual([...tasks].sort());
  expect(svg.tasks.map((t) => t.label).sort()).toEqual([...tasks].sort());
  for (const task of svg.tasks) {
    expect(task.fill, task.name).toBe('#28a745'); // STATUS_COLORS.completed
    expect(task.stroke, task.name).toBe('#28a745');
  }
  expect(svg.edges).toHaveLength(edges);
  expect(svg.markers).toBe(1);
  for (const edge of svg.edges) expect(edge).toEqual({ dashed: false, marker: 'url(#arrow)' });

  // Opened on its own in Chromium, it draws at its own size.
  const viewer = await browser.newPage();
  await viewer.setContent(
    `<body style="margin:0"><img alt="export" src="data:image/svg+xml;base64,${file.bytes.toString('base64')}"></body>`,
  );
  const size = await viewer
    .getByRole('img', { name: 'export' })
    .evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return { width: img.naturalWidth, height: img.naturalHeight };
    });
  expect(size.width).toBeGreaterThan(300);
  expect(size.height).toBeGreaterThan(300);
  await viewer.screenshot({ path: testInfo.outputPath('exported-etl.png'), fullPage: true });
  await viewer.close();
  await app.expectNoErrors();
});

test('task names are text in the exported SVG, never markup', async ({ page }) => {
  const app = new InspectPage(page);
  await app.open();
  const hostile = fixture('hostile.flowweaver.json');
  await app.importFile(fixturePath('hostile.flowweaver.json'), hostile.name);
  const names = hostile.tasks.map((t) => t.name);
  const file = await app.downloadFrom(app.button('Export SVG'));
  expect(file.name).toBe('Hostile-names.svg');
  const svg = await summarise(page, file.bytes.toString('utf8'));
  expect(svg.parseError).toBeNull();
  expect(svg.elements.filter((name) => !PLAIN_SVG.includes(name))).toEqual([]);
  expect(svg.tasks.map((t) => t.name).sort()).toEqual([...names].sort());
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await app.expectNoErrors();
});

test('edges of a branch not taken are dashed in the SVG, as on the canvas', async ({ page }) => {
  const app = new InspectPage(page);
  await app.open();
  await app.openExample('Branching');
  await app.runToEnd('publish');
  const dashedOnCanvas = await page.locator('path.run-edge--not-taken').count();
  expect(dashedOnCanvas).toBeGreaterThan(0);
  const file = await app.downloadFrom(app.button('Export SVG'));
  const svg = await summarise(page, file.bytes.toString('utf8'));
  expect(svg.edges.filter((e) => e.dashed)).toHaveLength(dashedOnCanvas);
  expect(svg.edges).toHaveLength(await app.edges.count());
  await app.expectNoErrors();
});

test('every download is named from the workflow name the same way', async ({ page }) => {
  const app = new MermaidPage(page);
  await app.open();
  await app.page.getByLabel('Workflow name').fill('Numbers demo: v2/final');
  const base = 'Numbers-demo-v2-final';
  const names: string[] = [];
  for (const button of ['Export JSON', 'Export SVG', 'Export PNG'])
    names.push((await app.downloadFrom(app.button(button))).name);
  await app.showDiagram(7);
  for (const button of ['Download .mmd', 'Download SVG', 'Download PNG'])
    names.push((await app.download(button)).name);
  expect(names).toEqual([
    `${base}.flowweaver.json`,
    `${base}.svg`,
    `${base}.png`,
    `${base}.mmd`,
    `${base}.svg`,
    `${base}.png`,
  ]);
  await app.expectNoErrors();
});
