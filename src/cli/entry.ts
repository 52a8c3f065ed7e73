// What bin/flowweaver.mjs starts: the command with this process's streams and signals.
import { launch } from './launch.ts';
import { main } from './main.ts';

/** Runs `flowweaver <argv>` in this process and exits with its code. Never returns. */
export function start(argv: readonly string[]): Promise<never> {
  return launch((io) => main(argv, io));
}
