// Regenerates every image under docs/images: `npm run screenshots`.
// Builds the app afresh (into $SCREENSHOTS_OUT_DIR, default dist-screenshots), serves it with
// Vite's preview API on $SCREENSHOTS_PORT (default 4180; no stray child process) and takes each
// shot of scripts/screenshots/shots.mjs in a new browser context (its own IndexedDB), in headless
// Chromium. To add a picture, add one entry to that list.
//
// Env: ONLY=<regex> takes only the shots whose file matches; ALL=1 adds the design-check extras
// (not used by the docs: point OUT at another folder for them); OUT=<dir> writes the images
// elsewhere (default docs/images); SKIP_BUILD=1 serves the existing build.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { SHOTS } from './screenshots/shots.mjs';

const OUT = process.env.OUT ?? 'docs/images';
const OUT_DIR = process.env.SCREENSHOTS_OUT_DIR ?? 'dist-screenshots';
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 4180);
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const shots = SHOTS.filter(
  (shot) => (process.env.ALL || !shot.extra) && (!only || only.test(shot.file)),
);

mkdirSync(OUT, { recursive: true });
if (!process.env.SKIP_BUILD) {
  await build({ logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
}
const server = await preview({
  logLevel: 'warn',
  build: { outDir: OUT_DIR },
  preview: { port: PORT, strictPort: true, host: '127.0.0.1' },
});
const base = `http://127.0.0.1:${PORT}`;
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: CHROMIUM_ARGS,
});
const failures = [];
try {
  for (const shot of shots) {
    const errors = [];
    const contexts = [];
    // A fresh context (its own IndexedDB and storage) with the shot's theme and size.
    const newPage = async () => {
      const context = await browser.newContext({
        viewport: shot.viewport ?? { width: 1440, height: 900 },
        colorScheme: shot.scheme ?? 'light',
      });
      context.on('weberror', (error) => errors.push(error.error().message));
      contexts.push(context);
      return context.newPage();
    };
    try {
      // A shot may return another page to take (a second visitor's page from ctx.newPage()).
      const page = await newPage();
      const target = (await shot.take(page, { base, newPage })) ?? page;
      await target.waitForTimeout(300); // let transitions and fitView settle before the picture
      await target.screenshot({ path: `${OUT}/${shot.file}.png` });
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      console.log(`wrote ${OUT}/${shot.file}.png`);
    } catch (error) {
      failures.push(shot.file);
      console.error(`FAILED ${shot.file}: ${error instanceof Error ? error.message : error}`);
    } finally {
      for (const context of contexts) await context.close();
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
if (failures.length) {
  console.error(`${failures.length} of ${shots.length} shots failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log(`${shots.length} shots written to ${OUT}`);
