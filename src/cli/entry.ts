// What bin/flowweaver.mjs starts: the command with this process's streams and signals.
import { launch } from './launch.ts';
import { main } from './main.ts';
import { parseCliArgs } from './parseCliArgs.ts';

/**
 * A local run's first task worker thread starts before anything else loads: its start (Node's
 * bootstrap of a thread, the task runtime's modules) then overlaps the engine's loading and the
 * workflow's validation instead of following them. Not for --sandbox (no worker threads there).
 */
function prestartFor(argv: readonly string[]): void {
  let cmd;
  try {
    cmd = parseCliArgs(argv);
  } catch {
    return; // main says what is wrong
  }
  if (cmd.command !== 'run' || cmd.executor === 'distributed' || cmd.sandbox) return;
  void import('../engine/prestart.ts').then((m) => m.prestartWorker());
}

/** Runs `flowweaver <argv>` in this process and exits with its code. Never returns. */
export function start(argv: readonly string[]): Promise<never> {
  prestartFor(argv);
  return launch((io) => main(argv, io));
}
