// Process plumbing shared by the `flowweaver` launcher (bin/flowweaver.mjs) and the sandboxed
// process that `run --sandbox` starts: interrupts, then a clean exit with the command's code.
import type { CliIO } from './runCommand.ts';

/** Where interrupts come from. */
export type InterruptSource =
  /** SIGINT / SIGTERM of this process: the normal command. */
  | 'signals'
  /**
   * The launcher that started this sandboxed process, over its IPC channel: it owns the signals.
   * A Ctrl+C on a terminal reaches both processes, so signals sent here directly are ignored and
   * the launcher's relay counts once; a launcher that dies (channel closed) counts as one too.
   */
  | 'launcher';

/**
 * Runs the command with stdout/stderr and an abort signal: the first interrupt cancels the run
 * cleanly (state flushed, exit 130), a second one exits at once. Never returns.
 */
export async function launch(
  run: (io: CliIO) => Promise<number>,
  source: InterruptSource = 'signals',
): Promise<never> {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130); // a second Ctrl+C forces the exit
    // The launcher has already said so on the same terminal.
    if (source === 'signals') process.stderr.write('\ncancelling… (Ctrl+C again to force)\n');
    controller.abort();
  };
  if (source === 'launcher') {
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    process.on('message', (message) => {
      if (message === 'interrupt') onInterrupt();
    });
    process.on('disconnect', onInterrupt);
    process.send?.('listening');
  } else {
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
  }

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
