// Screenshots for docs/editor.md: node e2e/tools/docScreenshots.mjs (needs a preview on $PORT, default 4180).
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const base = `http://127.0.0.1:${process.env.PORT ?? 4180}`;
const out = (name) => `docs/images/${name}.png`;
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: CHROMIUM_ARGS,
});

async function fresh(colorScheme = 'light') {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(base);
  await page.waitForSelector('html[data-booted="true"]', { state: 'attached' });
  await page.waitForTimeout(400);
  return page;
}

async function drag(page, from, to) {
  const a = await page
    .locator(`[data-task-name="${from}"] .react-flow__handle.source`)
    .boundingBox();
  const b = await page.locator(`[data-task-name="${to}"] .react-flow__handle.target`).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

let page = await fresh();
await page.locator('[data-task-name="transform"]').click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-overview') });

await drag(page, 'load', 'transform');
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-cycle-refused') });

await page.locator('[data-task-name="load"]').click();
await page.locator('[data-testid="code-editor"] .cm-content').click();
await page.keyboard.press('Control+A');
await page.keyboard.type('const rows = validate.rows;\nreturn rows +;');
await page.waitForTimeout(600);
await page.screenshot({ path: out('editor-syntax-error') });
await page.getByRole('tab', { name: /^Checklist/ }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-checklist') });
await page.close();

page = await fresh('dark');
await page.getByRole('button', { name: 'Examples', exact: true }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-examples') });
await page.getByRole('button', { name: 'Open example Complex multi-stage workflow' }).click();
await page.waitForTimeout(500);
await page.getByRole('button', { name: 'Auto layout', exact: true }).click();
await page.waitForTimeout(1200);
await page.getByRole('button', { name: 'Fit view', exact: true }).click();
await page.waitForTimeout(500);
await page.screenshot({ path: out('editor-dark-layout') });
await page.keyboard.press('Shift+?');
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-shortcuts') });
await page.keyboard.press('Escape');
await page.getByRole('button', { name: 'Workflows', exact: true }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('editor-workflows') });
await page.close();
await browser.close();
