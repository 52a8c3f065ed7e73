// `npm run test:runtimes`: the engine and CLI unit tests and the consumer's Node tests under each
// supported Node LTS line, besides the machine's own Node that the rest of `npm test` uses. The
// binaries come from the npm packages node-<os>-<arch> (the Node binary inside a registry
// package), installed once into node_modules/.cache/flowweaver-node/<version>.
// `RUNTIMES=22` picks a subset.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './pack.mjs';

/** Exact versions, so every machine tests the same binaries. */
const NODES = { 22: '22.23.5', 24: '24.22.3' };
const wanted = (process.env.RUNTIMES ?? Object.keys(NODES).join(','))
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = `node-${process.platform}-${process.arch}`;

/** The path of the Node binary of `version`, installed on first use. */
function nodeBinary(version) {
  const prefix = join(ROOT, 'node_modules/.cache/flowweaver-node', version);
  const bin = join(
    prefix,
    'node_modules',
    pkg,
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  if (!existsSync(bin)) {
    console.log(`runtimes: npm install ${pkg}@${version} into ${prefix}`);
    npmInstall(prefix, [`${pkg}@${version}`]);
  }
  return bin;
}

/**
 * The repo's native addons (better-sqlite3), built for `version`: the copies in node_modules are
 * compiled for the machine's Node. Built once from source against the headers that ship in the
 * node package (`--nodedir`), into the cache beside that Node; nativeAddons.mjs points
 * `require('better-sqlite3')` at them. Returns the node_modules folder, or undefined without addons.
 */
function addonsFor(version, node) {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const sqlite = lock.packages['node_modules/better-sqlite3']?.version;
  if (!sqlite) return undefined;
  const prefix = join(ROOT, 'node_modules/.cache/flowweaver-node', version, 'addons');
  const built = join(prefix, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (!existsSync(built)) {
    console.log(`runtimes: building better-sqlite3@${sqlite} for Node ${version} (once)`);
    const nodeDir = dirname(dirname(node));
    npmInstall(prefix, [`--nodedir=${nodeDir}`, `better-sqlite3@${sqlite}`], {
      ...process.env,
      PATH: `${dirname(node)}${delimiter}${process.env.PATH}`,
    });
  }
  return join(prefix, 'node_modules');
}

for (const major of wanted) {
  const version = NODES[major];
  if (!version)
    throw new Error(`runtimes: no Node ${major} configured (have ${Object.keys(NODES)})`);
  const node = nodeBinary(version);
  const addons = addonsFor(version, node);
  const preload = `--import=${pathToFileURL(join(ROOT, 'scripts/package/nativeAddons.mjs')).href}`;
  const env = addons
    ? {
        ...process.env,
        FLOWWEAVER_ADDONS_DIR: addons,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim(),
      }
    : process.env;
  const run = (args) => {
    console.log(`\nruntimes: node ${version} ${args.join(' ')}`);
    execFileSync(node, args, { cwd: ROOT, stdio: 'inherit', env });
  };
  run(['--version']);
  // A loaded machine (this runs after the main suite) can push a big-graph test past the 5 s default.
  run([
    'node_modules/vitest/vitest.mjs',
    'run',
    '--project',
    'unit',
    '--testTimeout=30000',
    'src/engine',
    'src/cli',
  ]);
  run(['scripts/package/test.mjs', '--node-only']);
}

/** `npm install` of `args` into `prefix` (no lock, audit or funding noise). */
function npmInstall(prefix, args, env = process.env) {
  execFileSync(
    NPM,
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...args,
    ],
    { stdio: 'inherit', env },
  );
}
