// Process plumbing of the `flowweaver` command (bin/flowweaver.mjs): interrupts, then a clean exit
// with the command's code.
import type { CliIO } from './runCommand.ts';

/**
 * Runs the command with stdout/stderr and an abort signal: the first SIGINT / SIGTERM cancels the
 * run cleanly (state flushed, exit 130), a second one exits at once. Never returns.
 */
export async function launch(run: (io: CliIO) => Promise<number>): Promise<never> {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130); // a second Ctrl+C forces the exit
    process.stderr.write('\ncancelling… (Ctrl+C again to force)\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const code = await run({
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
  // Everything durable is flushed by now. An in-thread task abandoned by a cancel or timeout may
  // still hold a timer, which must not keep the process alive: drain stdout, then exit.
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(code);
}
