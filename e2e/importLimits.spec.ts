import { expect, test, type Page } from '@playwright/test';
import { packJson } from '../src/engine/util/compactJson.ts';
import { EditorPage } from './pages/EditorPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** A workflow whose second task lists the first `repeats` times. */
const repeated = (repeats: number) => ({
  format: 'flowweaver.workflow',
  version: 1,
  id: `repeated-${repeats}`,
  name: `Repeated ${repeats}`,
  tasks: [
    { name: 'a', code: 'return 1;', dependsOn: [] },
    { name: 'b', code: 'return a;', dependsOn: Array<string>(repeats).fill('a') },
  ],
});

/** Names of the saved workflows, as the Workflows dialog lists them. */
async function savedWorkflows(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Workflows', exact: true }).click();
  const rows = page.getByTestId('workflow-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-workflow-name') ?? ''),
  );
  await page.keyboard.press('Escape');
  await expect(rows).toHaveCount(0);
  return names.sort();
}

/** Imports a file through the header's Import input; its refusal lists `problems`, then OK. */
async function expectImportRefused(
  page: Page,
  file: { name: string; buffer: Buffer },
  problems: readonly string[],
): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({ ...file, mimeType: 'application/json' });
  const dialog = page.getByTestId('import-problems');
  await expect(dialog).toContainText(`${file.name} was not imported; nothing changed`);
  for (const problem of problems) await expect(dialog).toContainText(problem);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
}

/** The app still edits: a task added with the toolbar appears on the canvas. */
async function expectUsable(app: EditorPage): Promise<void> {
  const before = await app.taskNodes.count();
  await app.button('Add task').click();
  await expect(app.taskNodes).toHaveCount(before + 1);
}

test('a 5 KB share link holding a million repeated dependencies is refused in the preview', async ({
  page,
}) => {
  const app = new EditorPage(page);
  await app.open();
  const saved = await savedWorkflows(page);
  const payload = await packJson(repeated(1_000_000));
  expect(payload.length).toBeLessThan(6_000);

  await app.open(`/#share=${payload}`);
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toContainText('This link does not hold a valid workflow');
  await expect(dialog).toContainText(
    'The workflow has too many dependencies: 1,000,000 (Task "b" alone lists 1,000,000), and FlowWeaver takes at most 100,000 from a file or a link',
  );
  await expect(dialog).toContainText(
    'Task "b" lists "a" 1,000,000 times in dependsOn: list each upstream task once',
  );
  await expect(dialog.getByRole('button', { name: 'Add to my workflows' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);

  await expect(app.workflowName).toHaveText('ETL pipeline');
  await expectUsable(app);
  expect(await savedWorkflows(page)).toEqual(saved);
  // Nothing of the link is left to come back: a reload opens the app as it was.
  expect(new URL(page.url()).hash).toBe('');
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(page.getByTestId('share-dialog')).toHaveCount(0);
  await app.expectNoErrors();
});

test('a link that unpacks past the size limit is refused without inflating it all', async ({
  page,
}) => {
  const app = new EditorPage(page);
  await app.open();
  // 64 MB of JSON in about 90 KB of link.
  const doc = { ...repeated(1), name: ' '.repeat(64 * 1024 * 1024) };
  await app.open(`/#share=${await packJson(doc)}`);
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toContainText(
    'The link is too large: its workflow unpacks to more than 10.0 MB of JSON, and FlowWeaver takes at most 10.0 MB from a file or a link.',
  );
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expectUsable(app);
  await app.expectNoErrors();
});

test('an imported file with repeated dependencies lists them and changes nothing', async ({
  page,
}) => {
  const app = new EditorPage(page);
  await app.open();
  const saved = await savedWorkflows(page);
  await expectImportRefused(
    page,
    { name: 'repeated.flowweaver.json', buffer: Buffer.from(JSON.stringify(repeated(10_000))) },
    ['Task "b" lists "a" 10,000 times in dependsOn: list each upstream task once'],
  );
  await expect(app.workflowName).toHaveText('ETL pipeline');
  await expectUsable(app);
  expect(await savedWorkflows(page)).toEqual(saved);
  await app.expectNoErrors();
});

test('an imported file over the size limit is refused unread', async ({ page }) => {
  const app = new EditorPage(page);
  await app.open();
  await expectImportRefused(
    page,
    { name: 'huge.flowweaver.json', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, ' ') },
    [
      'The workflow is too large: 10.0 MB of JSON, and FlowWeaver takes at most 10.0 MB from a file or a link',
    ],
  );
  await expectUsable(app);
  await app.expectNoErrors();
});

test('a workflow saved with repeated dependencies before they were refused opens merged, with a note', async ({
  page,
}) => {
  const app = new EditorPage(page);
  await app.open();
  // As an earlier version saved it: a million entries in dependsOn, opened at start.
  await page.evaluate(async (doc) => {
    doc.tasks[1]!.dependsOn = Array<string>(1_000_000).fill('a');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('flowweaver');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('workflows', 'readwrite');
      tx.objectStore('workflows').put({ v: 1, id: doc.id, updatedAt: Date.now(), document: doc });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    localStorage.setItem('flowweaver.lastWorkflow', doc.id);
  }, repeated(0));
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(app.workflowName).toHaveText('Repeated 0');
  await expect(app.taskNodes).toHaveCount(2);
  await expect(app.edges).toHaveCount(1);
  await expect(app.toast()).toContainText(
    'Opened "Repeated 0" with each upstream task listed once: 999,999 repeated dependencies were merged.',
  );
  await expectUsable(app);
  await app.expectNoErrors();
});
