// Takes the README/docs screenshots from a production build: `npm run build && node scripts/screenshots.mjs`.
// Serves dist/ with Vite's preview API (no stray child process) and drives Chromium with Playwright.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const OUT = 'docs/images';
const SHOTS = [
  { file: 'app-light.png', scheme: 'light' },
  { file: 'app-dark.png', scheme: 'dark' },
];

mkdirSync(OUT, { recursive: true });
const server = await preview({ preview: { port: 4180, strictPort: true, host: '127.0.0.1' } });
const executablePath = findChromium() ?? undefined;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 860 },
      colorScheme: shot.scheme,
    });
    await page.goto('http://127.0.0.1:4180/');
    await page.getByTestId('task-node').first().waitFor();
    await page.waitForTimeout(400); // let fitView settle before the picture
    await page.screenshot({ path: `${OUT}/${shot.file}` });
    await page.close();
    console.log(`wrote ${OUT}/${shot.file}`);
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
