// Screenshots of the run experience for README and docs/running.md:
// node e2e/tools/runScreenshots.mjs (needs a preview on $PORT, default 4180).
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const base = `http://127.0.0.1:${process.env.PORT ?? 4180}`;
const out = (name) => `docs/images/${name}.png`;
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: CHROMIUM_ARGS,
});

async function ranFullRun(colorScheme) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(base);
  await page.waitForSelector('html[data-booted="true"]', { state: 'attached' });
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('button', { name: 'Open example Full run' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Full run ends completed with its step_fail failure handled (its leaves rescue and summary ran).
  await page.waitForSelector('[data-testid="run-progress"][data-run-status="completed"]');
  for (const close of await page.getByRole('button', { name: /dismiss|close/i }).all())
    await close.click().catch(() => undefined);
  return page;
}

const page = await ranFullRun('light');
await page.locator('[data-task-name="step_fail"]').click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('run-failed-drawer') });

await page.getByRole('tab', { name: 'Timeline', exact: true }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: out('run-timeline') });

await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
await page.getByRole('tab', { name: /^Mermaid/ }).click();
await page.waitForSelector('[data-testid="mermaid-diagram"][data-state="ready"] svg');
await page.waitForTimeout(300);
await page.screenshot({ path: out('run-metrics-mermaid') });

const dark = await ranFullRun('dark');
await dark.getByRole('tab', { name: 'Runs', exact: true }).click();
await dark.waitForTimeout(300);
await dark.screenshot({ path: out('run-history-dark') });

await browser.close();
