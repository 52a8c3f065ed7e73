import { expect, test, type Page } from '@playwright/test';
import { MermaidPage } from './pages/MermaidPage.ts';
import { STATUS_FILLS } from './pages/RunPage.ts';
import { workflowDoc } from './pages/TrustPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

// Views that must never show another workflow's state: run statuses, edges of the graph that was
// open before, the Mermaid diagram of the workflow that was open before.

test.use({ viewport: { width: 1440, height: 900 } });

const diagram = (page: Page) => page.getByTestId('mermaid-diagram');

test('a run of one workflow colours no view of another that shares task names', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  const mermaid = new MermaidPage(page);
  await app.open();
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await app.runToEnd('report');
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-run-status', 'completed');
  await expect(app.taskNode('report')).toHaveAttribute('data-status', 'completed');

  // "Visualise DAG" never ran; it has a task named `report` too.
  await app.openSaved('Visualise DAG');
  await expect(app.taskNodes).toHaveCount(11);
  await expect(app.taskNode('report')).toHaveAttribute('data-status', 'pending');

  await app.tab('Mermaid');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await expect(mermaid.diagramNode('report')).toHaveCount(1);
  await expect.poll(() => mermaid.nodeStatus('report')).toBe('pending');

  // The minimap draws every node in the pending colour.
  await expect.poll(() => app.minimapFills()).toEqual([STATUS_FILLS.pending]);

  // The run drawer, the timeline and the metrics show no run: this workflow has none.
  await app.clickTask('report');
  await app.page.getByRole('tab', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-drawer-empty')).toBeVisible();
  await expect(page.getByTestId('run-overview')).toHaveCount(0);
  await expect(app.drawer).toHaveCount(0);
  await app.bottomTab('Timeline');
  await expect(page.getByTestId('timeline-empty')).toBeVisible();
  await app.bottomTab('Metrics');
  await expect(page.getByTestId('metrics-empty')).toBeVisible();

  // Back on ETL, its run is shown again everywhere.
  await app.openSaved('ETL pipeline');
  await expect(app.taskNode('report')).toHaveAttribute('data-status', 'completed');
  await app.tab('Mermaid');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => mermaid.nodeStatus('report')).toBe('completed');
  await app.bottomTab('Metrics');
  await expect(page.getByTestId('metrics')).toBeVisible();
  await app.expectNoErrors();
});

test('an import draws exactly the edges of the imported document', async ({ page }) => {
  const app = new WorkflowsPage(page);
  await app.open();
  // Names may hold "->": the edges c → "a->b" and "c->a" → b must stay two edges.
  await app.importDocument(
    workflowDoc('Arrows', [
      { name: 'c', code: 'return 1;', dependsOn: [] },
      { name: 'c->a', code: 'return 2;', dependsOn: ['c'] },
      { name: 'b', code: 'return 3;', dependsOn: ['c->a'] },
      { name: 'a->b', code: 'return 4;', dependsOn: ['c'] },
    ]),
  );
  await expect(app.taskNodes).toHaveCount(4);
  await expect(app.edges).toHaveCount(3);
  await expect(app.edge('c->a', 'b')).toHaveCount(1);
  await expect(app.edge('c', 'a->b')).toHaveCount(1);

  // The next import shows its own edge and nothing of the graph before it.
  await app.importDocument(
    workflowDoc('Plain', [
      { name: 'p', code: 'return 1;', dependsOn: [] },
      { name: 'q', code: 'return 2;', dependsOn: ['p'] },
    ]),
  );
  await expect(app.taskNodes).toHaveCount(2);
  await expect(app.edge('p', 'q')).toHaveCount(1);
  await expect(app.edges).toHaveCount(1);
  await app.expectNoErrors();
});

/** A snapshot of what the page shows: the workflow's name and the Mermaid panel's diagram. */
interface Shown {
  name: string;
  state: string;
  diagram: string;
  placeholder: boolean;
}

/** From now on, notes what the page shows each time the DOM changes. */
async function watchShown(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Shown[] = [];
    (window as unknown as { __seen: Shown[] }).__seen = seen;
    const note = () => {
      const diagram = document.querySelector('[data-testid="mermaid-diagram"]');
      seen.push({
        name: document.querySelector('[data-testid="workflow-name"]')?.textContent ?? '',
        state: diagram?.getAttribute('data-state') ?? '',
        diagram: diagram?.textContent ?? '',
        placeholder: document.querySelector('[data-testid="mermaid-placeholder"]') !== null,
      });
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

const takeShown = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __seen: Shown[] };
    return w.__seen.splice(0);
  });

test('after a switch the Mermaid panel never shows the previous workflow', async ({ page }) => {
  const app = new WorkflowsPage(page);
  const mermaid = new MermaidPage(page);
  await app.open();
  await app.tab('Mermaid');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await expect(mermaid.diagramNode('extract_users')).toHaveCount(1);

  // Another workflow: the diagram of ETL never shows beside its name.
  await watchShown(page);
  await app.openSaved('Visualise DAG');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await expect(mermaid.diagramNode('transform_4')).toHaveCount(1);
  const toDag = await takeShown(page);
  expect(
    toDag.filter((s) => s.name === 'Visualise DAG' && s.diagram.includes('extract_users')),
  ).toEqual([]);
  expect(
    toDag.some((s) => s.name === 'Visualise DAG' && s.state === 'rendering' && s.placeholder),
  ).toBe(true);

  // A workflow with the same structure (a copy of the ETL example) gets a diagram of its own:
  // the panel is emptied and says it is drawing, then draws it.
  await app.openSaved('ETL pipeline');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await takeShown(page);
  await app.openExampleCopy('ETL pipeline');
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await expect(diagram(page)).toHaveAttribute('data-state', 'ready');
  await expect(mermaid.diagramNode('extract_users')).toHaveCount(1);
  const toCopy = await takeShown(page);
  expect(toCopy.some((s) => s.state === 'rendering' && s.diagram === '' && s.placeholder)).toBe(
    true,
  );
  await app.expectNoErrors();
});
