import { expect, test } from '@playwright/test';
import { fixture, fixturePath } from './fixtures/workflows.ts';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('a malformed file lists its problems and changes nothing', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect(editor.taskNodes).toHaveCount(7);
  await page.getByTestId('import-input').setInputFiles(fixturePath('malformed.flowweaver.json'));
  const dialog = page.getByTestId('import-problems');
  await expect(dialog).toContainText('nothing changed');
  await expect(dialog).toContainText('Cycle detected');
  await expect(dialog).toContainText('line 1');
  await expect(dialog).toContainText('unknown task "ghost"');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(editor.workflowName).toHaveText('ETL pipeline');
  await expect(editor.taskNodes).toHaveCount(7);
  await expect(editor.button('Undo')).toBeDisabled();
  await editor.expectNoErrors();
});

test('a file that is not valid UTF-8 is refused with the byte offset, and changes nothing', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  const json = Buffer.from(
    JSON.stringify({
      format: 'flowweaver.workflow',
      version: 1,
      id: 'x',
      name: 'Bytes',
      tasks: [],
    }),
  );
  // A Latin-1 "é" (0xE9) in the middle of the name: the browser would read it as U+FFFD.
  const at = json.indexOf('Bytes') + 2;
  const broken = Buffer.concat([json.subarray(0, at), Buffer.from([0xe9]), json.subarray(at)]);
  await page.getByTestId('import-input').setInputFiles({
    name: 'latin1.flowweaver.json',
    mimeType: 'application/json',
    buffer: broken,
  });
  const dialog = page.getByTestId('import-problems');
  await expect(dialog).toContainText(`not valid UTF-8 text: byte ${at}`);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(editor.workflowName).toHaveText('ETL pipeline');
  await editor.expectNoErrors();
});

test('a good file opens as a new workflow, and Undo removes it and brings back the open one', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  const doc = fixture('diamond.flowweaver.json');
  await page.getByTestId('import-input').setInputFiles(fixturePath('diamond.flowweaver.json'));
  await expect(editor.workflowName).toHaveText(doc.name);
  await expect(editor.taskNodes).toHaveCount(doc.tasks.length);
  await expect(editor.edges).toHaveCount(4);
  // A new workflow: its own history starts empty, so the toolbar's Undo (like Ctrl+Z) would undo
  // the import, as the Undo in its message does.
  await expect(
    editor.canvas.getByTestId('rf__wrapper').getByRole('button', { name: 'Undo', exact: true }),
  ).toHaveAttribute('title', `Undo the import of "${doc.name}" (Ctrl+Z)`);
  await editor.toast().getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(editor.workflowName).toHaveText('ETL pipeline');
  await expect(editor.taskNodes).toHaveCount(7);
  await editor.button('Workflows').click();
  await expect(
    page.locator(`[data-testid="workflow-row"][data-workflow-name="${doc.name}"]`),
  ).toHaveCount(0);
  await expect(
    page.locator(`[data-testid="deleted-row"][data-workflow-name="${doc.name}"]`),
  ).toHaveCount(1);
  await editor.expectNoErrors();
});

test('a file dropped on the canvas is imported', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.dropFile('diamond.json', JSON.stringify(fixture('diamond.flowweaver.json')));
  await expect(editor.workflowName).toHaveText('Imported diamond');
  await editor.expectNoErrors();
});

test('Export JSON downloads the open workflow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const download = page.waitForEvent('download');
  await editor.button('Export JSON').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('ETL-pipeline.flowweaver.json');
  await editor.expectNoErrors();
});

test('a share link round trip asks before adding the workflow', async ({ page, browser }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.button('Share link').click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toContain('#share=');
  await editor.expectNoErrors();

  const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const receiver = new EditorPage(other);
  await receiver.open(new URL(link).pathname + new URL(link).hash);
  const dialog = other.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-name')).toHaveText('ETL pipeline');
  await expect(dialog.getByTestId('share-task-count')).toHaveText('7');
  await expect(dialog).toContainText("log('reading users')");
  await dialog.getByRole('button', { name: 'Add to my workflows' }).click();
  await expect(receiver.workflowName).toHaveText('ETL pipeline');
  await expect(receiver.taskNodes).toHaveCount(7);
  expect(new URL(other.url()).hash).toBe('');
  await receiver.button('Workflows').click();
  await expect(
    other.locator('[data-testid="workflow-row"][data-workflow-name="ETL pipeline"]'),
  ).toHaveCount(2);
  await receiver.expectNoErrors();
  await other.close();
});

test('Export PNG and SVG download images of the canvas', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  for (const kind of ['PNG', 'SVG']) {
    const download = page.waitForEvent('download');
    await editor.button(`Export ${kind}`).click();
    expect((await download).suggestedFilename()).toBe(`ETL-pipeline.${kind.toLowerCase()}`);
  }
  await editor.expectNoErrors();
});
