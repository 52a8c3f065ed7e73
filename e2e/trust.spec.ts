import { expect, test } from '@playwright/test';
import { TrustPage, workflowDoc, type TaskDoc } from './pages/TrustPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** `count` chained tasks, each with code of its own. */
function chain(count: number): TaskDoc[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `step_${String(i + 1).padStart(2, '0')}`,
    code: `// step ${i + 1} of ${count}\nlog('working on ${i + 1}');\nreturn ${i} + 1;`,
    dependsOn: i === 0 ? [] : [`step_${String(i).padStart(2, '0')}`],
  }));
}

/** One line of exactly 5,000 characters that ends with a call. */
const WIDE_LINE = (() => {
  const head = "const s = '";
  const tail = "'; stealWide();";
  return head + 'x'.repeat(5000 - head.length - tail.length) + tail;
})();

test('the review lists every task of a 30-task workflow with its whole code', async ({ page }) => {
  const app = new TrustPage(page);
  await app.open();
  const doc = workflowDoc('Thirty steps', chain(30));
  await app.importDocument(doc);
  await app.button('Run').click();
  await expect(app.review).toBeVisible();
  await expect(app.review).toContainText('Thirty steps came from a file you imported');
  await expect(app.reviewTasks).toHaveCount(30);
  await expect(app.review.getByTestId('code-review-summary')).toContainText('30 tasks');
  for (const task of doc.tasks) {
    const item = app.review.locator(`[data-testid="review-task"][data-task-name="${task.name}"]`);
    await expect(item.getByRole('heading', { name: task.name, exact: true })).toBeVisible();
    await expect(item).toContainText(
      task.dependsOn.length ? `After ${task.dependsOn[0]}` : 'No dependencies',
    );
    await expect(app.reviewCode(task.name)).toHaveText(task.code);
    await expect(item.getByTestId('review-char-count')).toContainText(
      `${task.code.length} characters · 3 lines`,
    );
  }
  await app.expectNoHorizontalScroll(app.review.getByTestId('review-code'));
  await app.review.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.review).toHaveCount(0);
  await app.expectNoErrors();
});

test('code cannot hide in the review: blank runs, long lines, runs of spaces, invisible characters', async ({
  page,
}) => {
  const app = new TrustPage(page);
  await app.open();
  const doc = workflowDoc('Hidden code', [
    {
      name: 'blank_lines',
      code: 'const total = 1;\n' + '\n'.repeat(200) + 'stealData();',
      dependsOn: [],
    },
    { name: 'wide_line', code: WIDE_LINE, dependsOn: [] },
    {
      name: 'spaced',
      code: 'return 1;' + ' '.repeat(3000) + 'stealSpaced();',
      dependsOn: [],
    },
    {
      name: 'bidi',
      code: "const level = 'user';\nif (level != 'user\u202E \u2066// Check if admin\u2069 \u2066') {\n  return 1;\n}",
      dependsOn: [],
    },
    { name: 'carriage_return', code: '// a note\rstealCr();', dependsOn: [] },
  ]);
  await app.importDocument(doc);
  await app.button('Run').click();
  await expect(app.reviewTasks).toHaveCount(5);

  // 200 blank lines become one marker, and the code after them is right below it.
  const blank = app.reviewCode('blank_lines');
  await expect(blank.getByTestId('blank-lines-marker')).toHaveText('200 blank lines');
  await expect(blank).toContainText('stealData();');
  await app.expectInView(blank, 'stealData();');

  // A 5,000-character line wraps: nothing to scroll to, its end is drawn inside the block.
  const wide = app.reviewCode('wide_line');
  await expect(
    app.review
      .locator('[data-testid="review-task"][data-task-name="wide_line"]')
      .getByTestId('review-char-count'),
  ).toHaveText('5,000 characters · 1 line');
  await app.expectInView(wide, 'stealWide();');

  // A run of spaces that would push code off to the right is one marker.
  const spaced = app.reviewCode('spaced');
  await expect(spaced).toContainText('3,000 spaces');
  await app.expectInView(spaced, 'stealSpaced();');

  // Bidi controls and a lone carriage return (a line break for JavaScript) are shown as escapes.
  await expect(app.reviewCode('bidi')).toContainText("'user[U+202E RLO] [U+2066 LRI]// Check");
  await expect(
    app.review.locator('[data-testid="review-task"][data-task-name="bidi"]'),
  ).toContainText('4 hidden characters');
  await expect(app.reviewCode('carriage_return')).toContainText('// a note[U+000D CR]');
  await app.expectInView(app.reviewCode('carriage_return'), 'stealCr();');

  await app.expectNoHorizontalScroll(app.review.getByTestId('review-code'));
  await app.review.getByRole('button', { name: 'Cancel' }).click();
  await app.expectNoErrors();
});

test('Cancel runs nothing; Run records the approval and the network chosen; the same code, or my own edit of it, does not ask again', async ({
  page,
}) => {
  const app = new TrustPage(page);
  await app.open();
  const doc = workflowDoc('Three steps', chain(3));
  await app.importDocument(doc);
  await expect(app.networkAccess).toHaveText('Network off');

  await app.clickTask('step_03');
  await app.button('Run').click();
  await expect(app.review).toBeVisible();
  // Shortcuts do not reach the workflow behind the review.
  await app.review.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Delete');
  await app.shortcut('Mod+Z');
  await expect(app.review.getByTestId('review-task')).toHaveCount(3);
  await app.review.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.review).toHaveCount(0);
  await expect(app.taskNodes).toHaveCount(3);
  for (const node of await app.taskNodes.all())
    await expect(node).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);

  // Still not approved: Run asks again. This time the user runs it, with any site allowed.
  await app.button('Run').click();
  await app.confirmReview('Any site');
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-run-status', 'completed');
  for (const task of doc.tasks)
    await expect(app.taskNode(task.name)).toHaveAttribute('data-status', 'completed');
  await expect(app.networkAccess).toHaveText('Network: any site');
  // One run only: the cancelled review started none.
  await app.expectRuns(1);

  // The same code runs without asking.
  await app.button('Run').click();
  await app.expectRuns(2);
  await expect(app.review).toHaveCount(0);

  // The user's own edit keeps the approval.
  await app.clickTask('step_02');
  await app.tab('Inspector');
  await app.typeCode('return step_01 * 10;');
  await expect(app.codeEditor).toContainText('return step_01 * 10;');
  await app.clickTask('step_03');
  await app.button('Run').click();
  await app.expectRuns(3);
  await expect(app.review).toHaveCount(0);
  await app.expectNoErrors();
});

test('a file dropped on the canvas is reviewed before it runs', async ({ page }) => {
  const app = new TrustPage(page);
  await app.open();
  await app.dropFile('dropped.json', JSON.stringify(workflowDoc('Dropped', chain(2))));
  await expect(app.workflowName).toHaveText('Dropped');
  await app.button('Run').click();
  await expect(app.review).toContainText('Dropped came from a file you imported');
  await expect(app.reviewTasks).toHaveCount(2);
  await app.review.getByRole('button', { name: 'Close' }).click();
  await expect(app.review).toHaveCount(0);
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await app.expectNoErrors();
});

test('the share dialog shows every task of a 4-task link, and the first run asks again', async ({
  page,
  browser,
}) => {
  const sender = new TrustPage(page);
  await sender.open();
  const doc = workflowDoc('Four steps', [
    ...chain(3),
    {
      name: 'step_04',
      code: 'return 4;\n' + '\n'.repeat(200) + WIDE_LINE,
      dependsOn: ['step_03'],
    },
  ]);
  await sender.importDocument(doc);
  await sender.button('Share link').click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();

  const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const receiver = new TrustPage(other);
  await receiver.open(new URL(link).pathname + new URL(link).hash);
  const dialog = other.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-task-count')).toHaveText('4');
  await expect(dialog.getByTestId('review-task')).toHaveCount(4);
  await expect(dialog).not.toContainText('more tasks');
  for (const task of doc.tasks.slice(0, 3))
    await expect(receiver.reviewCode(task.name, dialog)).toHaveText(task.code);
  const last = receiver.reviewCode('step_04', dialog);
  await expect(last.getByTestId('blank-lines-marker')).toHaveText('200 blank lines');
  await receiver.expectInView(last, 'stealWide();');
  await receiver.expectNoHorizontalScroll(dialog.getByTestId('review-code'));

  await dialog.getByRole('button', { name: 'Add to my workflows' }).click();
  await expect(receiver.workflowName).toHaveText('Four steps');
  await expect(receiver.networkAccess).toHaveText('Network off');
  await receiver.button('Run').click();
  await expect(receiver.review).toContainText('Four steps came from a share link');
  await expect(receiver.reviewTasks).toHaveCount(4);
  await receiver.review.getByRole('button', { name: 'Cancel' }).click();
  await receiver.expectNoErrors();
  await other.close();
});

test('network access can be seen and changed outside the review, and stays after a reload', async ({
  page,
}) => {
  const app = new TrustPage(page);
  await app.open();
  // A workflow made here (the ETL example) may reach any site until the user says otherwise.
  await expect(app.networkAccess).toHaveText('Network: any site');
  await app.networkAccess.click();
  const dialog = page.getByRole('dialog', { name: 'Network access' });
  await dialog.getByRole('radio', { name: 'Only these sites', exact: true }).check();
  const sites = dialog.getByRole('textbox', { name: 'Allowed sites' });
  await sites.fill('api.example.com/path');
  await expect(dialog.getByTestId('network-errors')).toContainText('is not an origin');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await sites.fill('https://api.example.com\nhttp://127.0.0.1:8080/');
  await expect(dialog.getByTestId('network-errors')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.networkAccess).toHaveText(
    'Network: https://api.example.com, http://127.0.0.1:8080',
  );

  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(app.networkAccess).toHaveText(
    'Network: https://api.example.com, http://127.0.0.1:8080',
  );
  // A local workflow never asks for a review.
  await app.button('Run').click();
  await app.expectRuns(1);
  await expect(app.review).toHaveCount(0);
  await app.expectNoErrors();
});
