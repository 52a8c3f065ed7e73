// Screenshots of the Workflows dialog with Recently deleted, and of the question asked when an
// example is opened again, for docs/editor.md: node e2e/tools/workflowScreenshots.mjs (needs a
// preview on $PORT, default 4180; OUT, default docs/images).
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const base = `http://127.0.0.1:${process.env.PORT ?? 4180}`;
const out = (name) => `${process.env.OUT ?? 'docs/images'}/${name}.png`;
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(base);
await page.waitForSelector('html[data-booted="true"]', { state: 'attached' });

// Two workflows deleted.
const list = page.getByTestId('workflow-list');
await page.getByRole('button', { name: 'Workflows', exact: true }).click();
for (const name of ['Full run', 'Visualise DAG']) {
  await list.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  await list.locator(`[data-testid="deleted-row"][data-workflow-name="${name}"]`).waitFor();
}
await page.getByRole('button', { name: 'Dismiss message' }).first().click();
await page.waitForTimeout(100);
await list.getByRole('region', { name: 'Recently deleted' }).scrollIntoViewIfNeeded();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-recently-deleted') });
await list.getByRole('button', { name: 'Close', exact: true }).click();

// An example opened a second time.
for (let i = 0; i < 2; i++) {
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('button', { name: 'Open example Parallel run' }).click();
  if (i === 0)
    await page.getByTestId('workflow-name').filter({ hasText: 'Parallel run' }).waitFor();
}
const prompt = page.getByRole('dialog', { name: 'You already have a copy' });
await prompt.waitFor();
const dismiss = prompt.getByRole('button', { name: 'Dismiss message' });
while ((await dismiss.count()) > 0) await dismiss.first().click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-copy-prompt') });
await browser.close();
