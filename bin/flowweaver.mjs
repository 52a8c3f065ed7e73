#!/usr/bin/env node
// The `flowweaver` command. The installed package runs its built JavaScript (dist/cli/bundle.mjs:
// src/cli/entry.ts bundled by scripts/package/build.mjs); a source checkout (src/ beside bin/)
// runs the TypeScript sources through tsx, so what the repo's tests run is always the code being
// edited, never a stale build. Ctrl+C / SIGTERM cancel the run
// cleanly (state flushed) and exit with 130. Only what --help needs loads before the command is
// known: the engine is imported by the commands that use it (src/cli/main.ts).
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../src/cli/main.ts', import.meta.url));
let entry;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import('../src/cli/entry.ts');
} else {
  // Node 22.1+ keeps the compiled code of the modules it loads on disk (in the temp folder): later
  // starts skip parsing and compiling them. No-op where missing (Node 20).
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  entry = await import('../dist/cli/bundle.mjs');
}
await entry.start(process.argv.slice(2));
