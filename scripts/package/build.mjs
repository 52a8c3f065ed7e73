// Builds the npm package into dist/: `tsc -p tsconfig.build.json` emits one ES module and one
// .d.ts per source file of src/engine and src/cli (relative imports rewritten from .ts to .js), then
//  - worker URLs written for the sources (`new URL('../worker/x.worker.ts', import.meta.url)`) are
//    pointed at the emitted .js, so Node and a consumer's bundler find a file that ships;
//  - the command is bundled into dist/cli/bundle*.mjs (below) for a fast start;
//  - the task process of `flowweaver run --sandbox` (src/engine/worker/taskRunner.process.ts) is
//    bundled once into dist/cli/sandboxChild.bundle.mjs, so the command needs no bundler at run time.
// Run by `npm run build:package` and by `prepack` (so `npm pack` / `npm publish` always build).
import { spawnSync } from 'node:child_process';
import { access, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

await rm(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const WORKER_URL = /new URL\('(\.{1,2}\/[^']+)\.ts', import\.meta\.url\)/g;
for (const file of await jsFiles(dist)) {
  const text = await readFile(file, 'utf8');
  const fixed = text.replace(WORKER_URL, "new URL('$1.js', import.meta.url)");
  if (fixed !== text) await writeFile(file, fixed);
}

// esbuild is tsx's own dependency (a devDependency here): resolve it from there.
const fromHere = createRequire(import.meta.url);
const fromTsx = createRequire(fromHere.resolve('tsx/package.json'));
const esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);

// The command's own bundle (bin/flowweaver.mjs runs it): loading ~150 small modules one by one
// cost Node about twice the CPU of loading a few chunks. Split at the dynamic imports of
// src/cli/main.ts, so `--help` loads only the entry chunk. The chunks sit in dist/cli, beside
// main.js, so main's `../../package.json` and the sandbox's `./sandboxChild.bundle.mjs` hold;
// the worker URLs, relative to execute/ in the sources, are pointed at dist/engine/worker.
const cli = await esbuild.build({
  entryPoints: { bundle: join(root, 'src/cli/entry.ts') },
  outdir: join(dist, 'cli'),
  chunkNames: 'bundle-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Optional, heavy or native: resolved from the package's dependencies when a command uses them.
  external: ['bullmq', 'ioredis', 'better-sqlite3'],
  metafile: true,
  logLevel: 'warning',
});
for (const file of Object.keys(cli.metafile.outputs)) {
  const path = join(root, file);
  const text = await readFile(path, 'utf8');
  const fixed = text.replaceAll('"../worker/taskRunner.', '"../engine/worker/taskRunner.');
  if (fixed !== text) await writeFile(path, fixed);
}
await access(join(dist, 'engine/worker/taskRunner.node.js'));

await esbuild.build({
  entryPoints: [join(root, 'src/engine/worker/taskRunner.process.ts')],
  outfile: join(dist, 'cli/sandboxChild.bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
});
await esbuild.stop();
console.log('package built into dist/');

async function jsFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}
