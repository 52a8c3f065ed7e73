// Preloaded (`--import`) by scripts/package/runtimes.mjs into every process of a run under another
// Node version: the native addons in the repo's node_modules are compiled for the machine's Node,
// so every module of those packages is loaded from a copy built for this Node instead
// (FLOWWEAVER_ADDONS_DIR, a node_modules folder). The hook rewrites where a module resolved to,
// so a bare `require('better-sqlite3')` and a path a test runner resolved itself both land there.
// Synchronous module hooks (Node ≥ 22.15) cover require() and import alike.
import { realpathSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = process.env.FLOWWEAVER_ADDONS_DIR;
const ADDONS = ['better-sqlite3'];
// Real path: Node resolves modules to real paths (node_modules may be a link).
const repoModules = `${pathToFileURL(realpathSync(fileURLToPath(new URL('../../node_modules', import.meta.url)))).href}/`;

// Node 20 (npm's own processes here) has no registerHooks, and needs no redirect.
if (dir && nodeModule.registerHooks) {
  const moves = ADDONS.map((name) => [
    `${repoModules}${name}/`,
    `${pathToFileURL(join(dir, name)).href}/`,
  ]);
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      for (const [from, to] of moves)
        if (resolved.url?.startsWith(from))
          return { ...resolved, url: to + resolved.url.slice(from.length) };
      return resolved;
    },
  });
}
