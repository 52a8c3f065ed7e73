// Packs the package once per content: `npm pack` (prepack builds dist/) into
// node_modules/.cache/flowweaver-package/<hash>/, then installs the tarball into a consumer project
// there. The hash covers every file that goes into the package, so a second run with unchanged
// sources (another Node version, a rerun) reuses both. Used by test.mjs and bench/cli.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = [
  'src/engine',
  'src/cli',
  'bin',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/package/build.mjs',
  'docs/api.md',
  'README.md',
];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function filesUnder(path) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  try {
    return readdirSync(full, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(ROOT, join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [path]; // a file
  }
}

/** A hash of everything that ends up in the package. */
export function packageHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The packed tarball and a consumer project with it installed (node_modules/flowweaver and its
 * dependencies, nothing else): `{ tarball, consumer, fresh }`.
 */
export function packedConsumer({ log = console.log } = {}) {
  const dir = join(ROOT, 'node_modules/.cache/flowweaver-package', packageHash());
  const consumer = join(dir, 'consumer');
  const done = join(dir, 'ready');
  if (existsSync(done))
    return { ...JSON.parse(readFileSync(done, 'utf8')), consumer, fresh: false };
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'consumer'), { recursive: true });
  log(`package: npm pack (builds dist/) into ${relative(ROOT, dir)}`);
  const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename, files }] = JSON.parse(out.slice(out.indexOf('[')));
  writeFileSync(
    join(work, 'consumer/package.json'),
    JSON.stringify({ name: 'flowweaver-consumer', private: true, type: 'module' }, null, 2),
  );
  log('package: npm install of the tarball into a consumer project');
  execFileSync(
    NPM,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      join('..', filename),
    ],
    { cwd: join(work, 'consumer'), stdio: 'inherit' },
  );
  const info = { tarball: join(dir, filename), files: files.map((f) => f.path) };
  writeFileSync(join(work, 'ready'), JSON.stringify(info));
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  // Older contents are of no further use: keep the cache to the current one.
  const cache = dirname(dir);
  for (const old of readdirSync(cache))
    if (join(cache, old) !== dir && !old.includes('.tmp-'))
      rmSync(join(cache, old), { recursive: true, force: true });
  return { ...info, consumer, fresh: true };
}
