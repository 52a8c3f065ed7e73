// An edit waiting for the autosave is written before anything replaces its workflow in the editor
// (an import, another workflow opened, an example), and before the page goes away (issue 14).
import { expect, test } from '@playwright/test';
import { workflowDoc } from './pages/TrustPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const NAME = 'Built by hand';

/** A new workflow of four tasks made with the keyboard, saved (the list counts its tasks). */
async function fourTasks(app: WorkflowsPage): Promise<void> {
  await app.newWorkflow();
  await app.page.getByLabel('Workflow name').fill(NAME);
  for (let i = 0; i < 4; i++) {
    await app.canvas.click({ position: { x: 5, y: 5 } });
    await app.shortcut('n');
  }
  await expect(app.taskNodes).toHaveCount(4);
  await app.openList();
  await expect(app.row(NAME)).toContainText('4 tasks');
  await app.closeList();
}

/** Reopens the hand-made workflow and checks the edge made just before it was left. */
async function expectEdgeKept(app: WorkflowsPage): Promise<void> {
  await app.openSaved(NAME);
  await expect(app.taskNodes).toHaveCount(4);
  await expect(app.edge('task_3', 'task_4')).toBeAttached();
  await expect(app.edges).toHaveCount(1);
}

test('an edge drawn just before an import is saved with its workflow', async ({ page }) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await fourTasks(app);
  await app.connect('task_3', 'task_4');
  // At once, well within the autosave's delay.
  await app.importDocument(
    workflowDoc('Imported', [{ name: 'a', code: 'return 1;', dependsOn: [] }]),
  );
  await expectEdgeKept(app);
  await app.reload();
  await expectEdgeKept(app);
  await app.expectNoErrors();
});

test('an edge drawn just before another workflow is opened is saved with its workflow', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await fourTasks(app);
  await app.connect('task_3', 'task_4');
  await app.openSaved('ETL pipeline');
  await expectEdgeKept(app);
  // An example opened as a copy replaces the workflow in the editor too.
  await app.connect('task_1', 'task_2');
  await app.openExampleCopy('Full run');
  await expect(app.workflowName).not.toHaveText(NAME);
  await app.openSaved(NAME);
  await expect(app.edge('task_1', 'task_2')).toBeAttached();
  await expect(app.edges).toHaveCount(2);
  await app.expectNoErrors();
});

test('an edge drawn just before a reload is there after it', async ({ page }) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await fourTasks(app);
  await app.connect('task_3', 'task_4');
  await app.reload();
  await expect(app.workflowName).toHaveText(NAME);
  await expect(app.edge('task_3', 'task_4')).toBeAttached();
  await app.openList();
  await expect(app.row(NAME)).toContainText('4 tasks');
  await app.expectNoErrors();
});
