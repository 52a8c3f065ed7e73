// Ctrl+Z undoes a workflow delete or an import after a reload too, in the order they were done,
// and says what it undid, or why it cannot (issue 14).
import { expect, test } from '@playwright/test';
import { workflowDoc } from './pages/TrustPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const IMPORTED = workflowDoc('From a file', [{ name: 'only', code: 'return 1;', dependsOn: [] }]);

test('after a reload Ctrl+Z undoes the import, then the delete of the open workflow', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  const etlId = await app.openWorkflowId();
  await app.deleteWorkflow('ETL pipeline');
  await app.closeList();
  const reopened = (await app.workflowName.textContent())!;
  expect(reopened).not.toBe('ETL pipeline');
  await app.importDocument(IMPORTED);

  await app.reload();
  await expect(app.workflowName).toHaveText('From a file');
  // The canvas has nothing of its own to undo: Ctrl+Z undoes the import.
  await app.shortcut('Mod+z');
  await expect(app.toast()).toContainText('Undid the import of "From a file"');
  await expect(app.workflowName).toHaveText(reopened);
  await app.openList();
  await expect(app.row('From a file')).toHaveCount(0);
  await expect(app.deletedRow('From a file')).toHaveCount(1);
  await app.closeList();

  await app.shortcut('Mod+z');
  await expect(app.toast()).toContainText('Undid the delete of "ETL pipeline"');
  await expect(app.workflowName).toHaveText('ETL pipeline');
  expect(await app.openWorkflowId()).toBe(etlId);
  await expect(app.taskNodes).toHaveCount(7);
  await app.openList();
  await expect(app.deletedRow('ETL pipeline')).toHaveCount(0);
  await expect(app.deletedRow('From a file')).toHaveCount(1);
  await expect(app.rows).toHaveCount(7);
  await app.closeList();

  // Nothing is undone twice, after another reload either.
  await app.reload();
  await app.shortcut('Mod+z');
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await app.openList();
  await expect(app.rows).toHaveCount(7);
  await expect(app.deletedRow('From a file')).toHaveCount(1);
  await app.expectNoErrors();
});

test('the canvas undoes its own edits first, then Undo undoes the delete', async ({ page }) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await app.deleteWorkflow('Full run');
  await app.closeList();
  await app.reload();
  await expect(app.workflowName).toHaveText('ETL pipeline');
  // The toolbar's Undo says what it would undo.
  const undoButton = page.locator('.canvas-toolbar').getByRole('button', { name: 'Undo' });
  await expect(undoButton).toBeEnabled();
  await expect(undoButton).toHaveAttribute('title', 'Undo the delete of "Full run" (Ctrl+Z)');
  await app.canvas.click({ position: { x: 5, y: 5 } });
  await app.shortcut('n');
  await expect(app.taskNodes).toHaveCount(8);
  await app.shortcut('Mod+z');
  await expect(app.taskNodes).toHaveCount(7);
  await app.openList();
  await expect(app.row('Full run')).toHaveCount(0);
  await app.closeList();
  await undoButton.click();
  await expect(app.toast()).toContainText('Undid the delete of "Full run"');
  await expect(undoButton).toBeDisabled();
  // It was not open when it was deleted: it comes back to the list, the open workflow stays.
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await app.openList();
  await expect(app.row('Full run')).toHaveCount(1);
  await expect(app.deletedRow('Full run')).toHaveCount(0);
  await app.expectNoErrors();
});

test('a delete whose workflow was emptied from Recently deleted cannot be undone, and Ctrl+Z says so', async ({
  page,
}) => {
  const app = new WorkflowsPage(page);
  await app.open();
  await app.deleteWorkflow('ML pipeline');
  await app.recentlyDeleted.getByRole('button', { name: 'Empty', exact: true }).click();
  await app.recentlyDeleted.getByRole('button', { name: 'Delete forever', exact: true }).click();
  await expect(app.deletedRows).toHaveCount(0);
  await app.closeList();

  await app.reload();
  await app.shortcut('Mod+z');
  await expect(app.toast()).toContainText(
    'Cannot undo the delete of "ML pipeline": it is no longer in Recently deleted',
  );
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await app.openList();
  await expect(app.row('ML pipeline')).toHaveCount(0);
  await expect(app.rows).toHaveCount(6);
  await app.expectNoErrors();
});
