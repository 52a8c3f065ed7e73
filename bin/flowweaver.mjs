#!/usr/bin/env node
// The `flowweaver` command: registers tsx so Node 20 can load the TypeScript sources, then runs
// src/cli/main.ts. Ctrl+C / SIGTERM cancel the run cleanly (state flushed) and exit with 130.
import { register } from 'tsx/esm/api';

register();
const { launch } = await import('../src/cli/launch.ts');
const { main } = await import('../src/cli/main.ts');

const argv = process.argv.slice(2);
await launch((io) => main(argv, io));
