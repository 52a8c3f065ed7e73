// Nothing the user made is lost: an import adds a workflow instead of overwriting the open one,
// a deleted workflow stays recoverable across reloads, and opening the same example or share link
// again offers the copy already made instead of piling up duplicates (issue 14).
import { expect, test } from '@playwright/test';
import { fixture, fixturePath } from './fixtures/workflows.ts';
import { workflowDoc } from './pages/TrustPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const DIAMOND = fixture('diamond.flowweaver.json');
const TWO_STEPS = workflowDoc('Two steps', [
  { name: 'first', code: 'return 1;', dependsOn: [] },
  { name: 'second', code: 'return first + 1;', dependsOn: ['first'] },
]);

test('an import adds a new workflow and leaves the one the app opened after a delete untouched', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await app.deleteWorkflow('ETL pipeline');
  // The app opened another workflow by itself.
  await expect(app.workflowName).not.toHaveText('ETL pipeline');
  const opened = (await app.workflowName.textContent())!;
  const openedId = await app.openWorkflowId();
  const openedTasks = await app.taskNodes.count();
  expect(openedTasks).toBeGreaterThan(0);
  await expect(app.rows).toHaveCount(6);
  await app.closeList();

  await page.getByTestId('import-input').setInputFiles(fixturePath('diamond.flowweaver.json'));
  await expect(app.workflowName).toHaveText(DIAMOND.name);
  await app.openList();
  await expect(app.row(opened)).toContainText(`${openedTasks} tasks`);
  await expect(app.row(DIAMOND.name)).toContainText(`${DIAMOND.tasks.length} tasks`);
  await expect(app.rows).toHaveCount(7);
  expect(await app.openWorkflowId()).not.toBe(openedId);
  await expect(app.toast()).toContainText('Imported as a new workflow. Undo removes it.');
  // Only the new workflow came from a file: the other one is still the user's own.
  await expect(app.networkAccess).toHaveText('Network off');
  await app.openSaved(opened);
  await expect(app.taskNodes).toHaveCount(openedTasks);
  expect(await app.openWorkflowId()).toBe(openedId);
  await expect(app.networkAccess).toHaveText('Network: any site');

  await app.reload();
  await app.openList();
  await expect(app.rows).toHaveCount(7);
  await expect(app.row(opened)).toContainText(`${openedTasks} tasks`);
  await expect(app.row(DIAMOND.name)).toContainText(`${DIAMOND.tasks.length} tasks`);
  await app.expectNoErrors();
});

test('a dropped file is added as a new workflow; the open one keeps its content and trust', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await expect(app.workflowName).toHaveText('ETL pipeline');
  const etlId = await app.openWorkflowId();
  await app.dropFile('two.json', JSON.stringify(TWO_STEPS));
  await expect(app.workflowName).toHaveText('Two steps');
  expect(await app.openWorkflowId()).not.toBe(etlId);
  await expect(app.networkAccess).toHaveText('Network off');
  await app.openList();
  await expect(app.rows).toHaveCount(8);
  await expect(app.row('ETL pipeline')).toContainText('7 tasks');
  await app.openSaved('ETL pipeline');
  await expect(app.taskNodes).toHaveCount(7);
  await expect(app.networkAccess).toHaveText('Network: any site');
  await app.expectNoErrors();
});

test('a file holding the id of a saved workflow is added beside it, and the toast says so', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  const etlId = (await app.openWorkflowId())!;
  const sameId = { ...TWO_STEPS, id: etlId, name: 'ETL pipeline, exported' };
  await app.importDocument(sameId);
  await app.openList();
  await expect(app.row('ETL pipeline')).toContainText('7 tasks');
  await expect(app.row('ETL pipeline, exported')).toContainText('2 tasks');
  await expect(app.rows).toHaveCount(8);
  expect(await app.openWorkflowId()).not.toBe(etlId);
  await expect(app.toast()).toContainText('Imported as a new workflow. Undo removes it.');
  await expect(app.toast()).toContainText(
    'It has the id of your saved workflow "ETL pipeline", which is kept too.',
  );
  await app.expectNoErrors();
});

test('Undo of an import removes it into Recently deleted; after a reload it can be restored, still to be reviewed', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  const etlId = await app.openWorkflowId();
  await app.importDocument(TWO_STEPS);
  expect(await app.openWorkflowId()).not.toBe(etlId);
  await app.toast().getByRole('button', { name: 'Undo' }).click();
  // The workflow that was open before the import is open again, as it was.
  await expect(app.workflowName).toHaveText('ETL pipeline');
  expect(await app.openWorkflowId()).toBe(etlId);
  await expect(app.taskNodes).toHaveCount(7);

  await app.reload();
  await app.openList();
  await expect(app.rows).toHaveCount(7);
  await expect(app.row('Two steps')).toHaveCount(0);
  await expect(app.deletedRow('Two steps')).toContainText('2 tasks');
  await app.recentlyDeleted.getByRole('button', { name: 'Restore Two steps' }).click();
  await expect(app.deletedRow('Two steps')).toHaveCount(0);
  await expect(app.row('Two steps')).toContainText('2 tasks');
  await app.openSaved('Two steps');
  // Restored with its trust: still from a file, network off, reviewed before its first run.
  await expect(app.networkAccess).toHaveText('Network off');
  await app.button('Run').click();
  await expect(app.review).toContainText('Two steps came from a file you imported');
  await app.review.getByRole('button', { name: 'Cancel' }).click();
  await app.expectNoErrors();
});

test('a deleted workflow survives a reload in Recently deleted: restore, delete forever, empty', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await app.deleteWorkflow('Full run');
  await app.deleteWorkflow('ML pipeline');
  await app.deleteWorkflow('Parallel run');
  await expect(app.rows).toHaveCount(4);

  await app.reload();
  await app.openList();
  await expect(app.rows).toHaveCount(4);
  await expect(app.deletedRows).toHaveCount(3);
  // Most recently deleted first, each with its task count and when it was deleted.
  await expect(app.deletedRows.first()).toHaveAttribute('data-workflow-name', 'Parallel run');
  await expect(app.deletedRow('Full run')).toContainText(/\d+ tasks · deleted /);

  await app.recentlyDeleted.getByRole('button', { name: 'Restore Full run' }).click();
  await expect(app.row('Full run')).toHaveCount(1);
  await app.openSaved('Full run');
  await expect(app.taskNodes.first()).toBeVisible();
  const fullRunTasks = await app.taskNodes.count();

  await app.openList();
  await app.recentlyDeleted.getByRole('button', { name: 'Delete ML pipeline forever' }).click();
  await expect(app.deletedRow('ML pipeline')).toHaveCount(0);
  await expect(app.deletedRows).toHaveCount(1);

  await app.reload();
  await app.openList();
  await expect(app.row('Full run')).toContainText(`${fullRunTasks} tasks`);
  await expect(app.deletedRows).toHaveCount(1);
  await app.recentlyDeleted.getByRole('button', { name: 'Empty', exact: true }).click();
  await expect(app.recentlyDeleted).toContainText('Delete 1 workflow forever?');
  await app.recentlyDeleted.getByRole('button', { name: 'Delete forever', exact: true }).click();
  await expect(app.deletedRows).toHaveCount(0);
  await expect(app.recentlyDeleted).toContainText('Nothing deleted recently');
  await app.reload();
  await app.openList();
  await expect(app.rows).toHaveCount(5);
  await expect(app.deletedRows).toHaveCount(0);
  await app.expectNoErrors();
});

test('the Undo of a delete brings back the open workflow and opens it again', async ({ page }) => {
  const app = new WorkflowsPage(page);
  await app.open();
  const etlId = await app.openWorkflowId();
  await app.deleteWorkflow('ETL pipeline');
  await expect(app.workflowName).not.toHaveText('ETL pipeline');
  await expect(app.deletedRow('ETL pipeline')).toHaveCount(1);
  await app.toast().getByRole('button', { name: 'Undo' }).click();
  await expect(app.row('ETL pipeline')).toHaveCount(1);
  await expect(app.deletedRow('ETL pipeline')).toHaveCount(0);
  await expect(app.workflowName).toHaveText('ETL pipeline');
  expect(await app.openWorkflowId()).toBe(etlId);
  await app.expectNoErrors();
});

test('opening the same example again offers the copy already made, or another one', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await app.openExampleCopy('Parallel run');
  await expect(app.workflowName).toHaveText('Parallel run');
  const copyId = await app.openWorkflowId();
  await app.openList();
  // The seeded workflow and the copy.
  await expect(app.row('Parallel run')).toHaveCount(2);
  await app.openSaved('ETL pipeline');

  await app.openExampleCopy('Parallel run');
  await expect(app.copyPrompt).toBeVisible();
  const openCopy = app.copyPrompt.getByRole('button', { name: 'Open the copy you made' });
  await expect(openCopy).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.copyPrompt).toHaveCount(0);
  await expect(app.workflowName).toHaveText('Parallel run');
  expect(await app.openWorkflowId()).toBe(copyId);
  await app.openList();
  await expect(app.row('Parallel run')).toHaveCount(2);
  await app.closeList();

  // Remembered across a reload; "Make another copy" still makes one.
  await app.reload();
  await app.openExampleCopy('Parallel run');
  await app.copyPrompt.getByRole('button', { name: 'Make another copy' }).click();
  await expect(app.copyPrompt).toHaveCount(0);
  // The copy that was open has the same name: wait for the new one.
  await expect.poll(() => app.openWorkflowId()).not.toBe(copyId);
  await expect(app.workflowName).toHaveText('Parallel run');
  await app.openList();
  await expect(app.row('Parallel run')).toHaveCount(3);
  await app.expectNoErrors();
});

test('opening the same share link again offers the copy already made, or another one', async ({
  page,
  browser,
}) => {
  const sender = new WorkflowsPage(page);
  await sender.open();
  await sender.importDocument(TWO_STEPS);
  await sender.button('Share link').click();
  const url = new URL(await page.getByRole('textbox', { name: 'Share link' }).inputValue());
  const link = url.pathname + url.hash;

  const receiverContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const receiver = new WorkflowsPage(await receiverContext.newPage());
  await receiver.open(link);
  const share = receiver.page.getByTestId('share-dialog');
  await share.getByRole('button', { name: 'Add to my workflows' }).click();
  await expect(receiver.workflowName).toHaveText('Two steps');
  const copyId = await receiver.openWorkflowId();
  await receiver.openSaved('ETL pipeline');

  // The same link, opened again in another tab.
  const again = new WorkflowsPage(await receiverContext.newPage());
  await again.open(link);
  await expect(again.copyPrompt).toBeVisible();
  await expect(again.copyPrompt).toContainText('Two steps');
  await expect(again.page.getByTestId('share-dialog')).toHaveCount(0);
  await again.copyPrompt.getByRole('button', { name: 'Open the copy you made' }).click();
  await expect(again.workflowName).toHaveText('Two steps');
  expect(await again.openWorkflowId()).toBe(copyId);
  await again.openList();
  await expect(again.row('Two steps')).toHaveCount(1);
  await again.closeList();

  // And once more in the same tab: another copy goes through the usual consent.
  await again.page.goto(link);
  await expect(again.copyPrompt).toBeVisible();
  await again.copyPrompt.getByRole('button', { name: 'Make another copy' }).click();
  await again.page
    .getByTestId('share-dialog')
    .getByRole('button', { name: 'Add to my workflows' })
    .click();
  await expect.poll(() => again.openWorkflowId()).not.toBe(copyId);
  await expect(again.workflowName).toHaveText('Two steps');
  await again.openList();
  await expect(again.row('Two steps')).toHaveCount(2);
  await again.expectNoErrors();
  await receiver.expectNoErrors();
  await sender.expectNoErrors();
  await receiverContext.close();
});
