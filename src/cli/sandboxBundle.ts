// The sandboxed task processes' program in a source checkout: the engine's task runtime
// (engine/worker/taskRunner.process.ts) bundled by esbuild into one file, kept in
// node_modules/.cache/flowweaver-sandbox under a key of the sources it was built from (paths,
// sizes and modification times), so a run bundles again only after an edit: bundling takes
// esbuild a second or more on a busy machine, on every `run --sandbox` of the tests.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';

const ENTRY = new URL('../engine/worker/taskRunner.process.ts', import.meta.url);
const CACHE = new URL('../../node_modules/.cache/flowweaver-sandbox/', import.meta.url);

/** Writes the bundled task runtime to `outfile`, from the cache when the sources are unchanged. */
export async function bundleFromSources(outfile: string): Promise<void> {
  const cacheDir = fileURLToPath(CACHE);
  const cached = join(cacheDir, `${await sourcesKey()}.mjs`);
  try {
    await copyFile(cached, outfile);
    return;
  } catch {
    // Not built yet for these sources.
  }
  await build(outfile);
  try {
    await mkdir(cacheDir, { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    await copyFile(outfile, temp);
    await rename(temp, cached); // whole or not at all, even with runs side by side
    for (const old of await readdir(cacheDir))
      if (join(cacheDir, old) !== cached && !old.endsWith('.tmp'))
        await rm(join(cacheDir, old), { force: true });
  } catch {
    // A cache that cannot be written only costs the next run the time to bundle again.
  }
}

async function build(outfile: string): Promise<void> {
  // esbuild is tsx's own dependency: resolve it from there, as tsx does.
  const fromHere = createRequire(import.meta.url);
  const fromTsx = createRequire(fromHere.resolve('tsx/package.json'));
  const esbuild = (await import(pathToFileURL(fromTsx.resolve('esbuild')).href)) as typeof Esbuild;
  await esbuild.build({
    entryPoints: [fileURLToPath(ENTRY)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    logLevel: 'silent',
  });
  await esbuild.stop(); // its service process is not needed any more
}

/** A key of every engine source and the dependency lock (what the bundle is made of), and Node's version. */
async function sourcesKey(): Promise<string> {
  const engine = fileURLToPath(new URL('../engine/', import.meta.url));
  const entries = await readdir(engine, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
  files.push(fileURLToPath(new URL('../../package-lock.json', import.meta.url)));
  files.sort();
  const stats = await Promise.all(files.map((file) => stat(file).catch(() => undefined)));
  const hash = createHash('sha256').update(process.version);
  files.forEach((file, i) => hash.update(`\0${file}\0${stats[i]?.size}\0${stats[i]?.mtimeMs}`));
  return hash.digest('hex').slice(0, 16);
}
