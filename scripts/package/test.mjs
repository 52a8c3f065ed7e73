// `npm run test:package`: the package as other projects get it. Packs it once per content
// (pack.mjs), installs the tarball into a consumer project, and checks there
//  - in Node: a 3-task workflow under each executor, the JSON state file, Mermaid export and the
//    `flowweaver` command (consumer/node.test.mjs), and the install example of docs/api.md;
//  - the shipped .d.ts: tsc type-checks consumer/typed.ts against it;
//  - in Chromium: a tiny Vite app importing the package runs a ThreadedExecutor workflow on Web
//    Workers (the worker entry is found by Vite inside node_modules/flowweaver).
// `--node-only` runs the Node part alone (scripts/package/runtimes.mjs runs it under Node 22/24).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, packedConsumer } from './pack.mjs';

const nodeOnly = process.argv.includes('--node-only');
const PORT = Number(process.env.PACKAGE_TEST_PORT ?? 4234);
const { consumer, files } = packedConsumer();
cpSync(join(ROOT, 'scripts/package/consumer'), consumer, { recursive: true });

/** Runs `node args…` in the consumer project; its output goes to ours. */
const node = (args, options = {}) =>
  execFileSync(process.execPath, args, { cwd: consumer, stdio: 'inherit', ...options });

test('the tarball holds the built engine, CLI and worker entries, and no sources or UI', () => {
  for (const file of [
    'package/dist/engine/index.js',
    'package/dist/engine/index.d.ts',
    'package/dist/engine/node.js',
    'package/dist/cli/main.js',
    'package/dist/cli/bundle.mjs',
    'package/dist/cli/sandboxChild.bundle.mjs',
    'package/dist/engine/worker/taskRunner.worker.js',
    'package/dist/engine/worker/taskRunner.node.js',
    'package/bin/flowweaver.mjs',
  ])
    assert.ok(files.includes(file.replace(/^package\//, '')), `${file} is in the tarball`);
  const leaked = files.filter(
    (f) => /^src\/|\/ui\/|\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts'),
  );
  assert.deepEqual(leaked, []);
  const installed = readdirSync(join(consumer, 'node_modules'));
  for (const appOnly of ['react', 'mermaid', '@xyflow', 'tsx', 'vite'])
    assert.ok(!installed.includes(appOnly), `${appOnly} is not installed for consumers`);
});

test('in Node: every executor, the JSON store, Mermaid and the CLI (consumer/node.test.mjs)', () => {
  node(['--test', '--test-reporter=spec', 'node.test.mjs']);
});

test('docs/api.md: the installation example works as written', () => {
  const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
  const example = /## Install[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
  const expected = /## Install[\s\S]*?```js\n[\s\S]*?```[\s\S]*?```text\n([\s\S]*?)```/.exec(
    doc,
  )?.[1];
  assert.ok(
    example && expected,
    'docs/api.md has an Installation section with a js example and its output',
  );
  writeFileSync(join(consumer, 'api-example.mjs'), example);
  const out = node(['api-example.mjs'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  assert.equal(out.trim(), expected.trim());
});

if (!nodeOnly) {
  test('the shipped .d.ts: tsc type-checks a consumer file', () => {
    const config = JSON.parse(readFileSync(join(consumer, 'tsconfig.json'), 'utf8'));
    config.compilerOptions.typeRoots = [join(ROOT, 'node_modules/@types')];
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(config, null, 2));
    node([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  });

  test('in Chromium: a Vite app importing the package runs a ThreadedExecutor workflow', async () => {
    const vite = await import(join(ROOT, 'node_modules/vite/dist/node/index.js'));
    const { chromium } = await import('@playwright/test');
    const { CHROMIUM_ARGS, findChromium } = await import('../chromium.mjs');
    const root = join(consumer, 'app');
    const outDir = join(consumer, 'app-dist');
    rmSync(outDir, { recursive: true, force: true });
    const inline = { configFile: false, root, logLevel: 'warn', worker: { format: 'es' } };
    await vite.build({ ...inline, build: { outDir, emptyOutDir: true } });
    const assets = readdirSync(join(outDir, 'assets'));
    assert.ok(
      assets.some((f) => f.startsWith('taskRunner.worker')),
      `Vite emitted the task worker (${assets.join(', ')})`,
    );
    const server = await vite.preview({
      ...inline,
      build: { outDir },
      preview: { port: PORT, strictPort: true, host: '127.0.0.1' },
    });
    const executablePath = findChromium() ?? undefined;
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
      const { result, warnings, workerScripts } = await page.evaluate(() => ({
        result: window.result,
        warnings: window.warnings ?? [],
        workerScripts: performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('taskRunner.worker')).length,
      }));
      // PACKAGE_TEST_SCREENSHOT=file.png keeps a picture of the consumer's page to look at.
      if (process.env.PACKAGE_TEST_SCREENSHOT)
        await page.screenshot({ path: process.env.PACKAGE_TEST_SCREENSHOT });
      assert.deepEqual(errors, []);
      assert.deepEqual(warnings, [], 'the pool started Web Workers (no in-thread fallback)');
      assert.equal(result.error, undefined);
      assert.equal(result.status, 'completed');
      assert.equal(result.c, 42);
      assert.ok(workerScripts > 0, 'the page loaded the task worker script');
      assert.match(result.mermaid, /^ *class t0,t1,t2 completed$/m);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
