#!/usr/bin/env node
// The `flowweaver` command: registers tsx so Node 20 can load the TypeScript sources, then runs
// src/cli/main.ts. Ctrl+C / SIGTERM cancel the run cleanly (state flushed) and exit with 130.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');

const controller = new AbortController();
let interrupts = 0;
const onSignal = () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130); // a second Ctrl+C forces the exit
  process.stderr.write('\ncancelling… (Ctrl+C again to force)\n');
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
// Everything durable is flushed by now. An in-thread task abandoned by a cancel or timeout may
// still hold a timer, which must not keep the process alive: drain stdout, then exit.
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
