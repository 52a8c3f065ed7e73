// Node entry of a task-runner child process (the CLI's `run --sandbox` bundles it into one file and
// starts it under Node's permission model, its argument the attempts it runs at once): the plain
// SandboxHostMessage / SandboxWorkerMessage protocol over the IPC channel to the process that
// started it, which keeps the scheduler, the state and the timers and checks every report (task
// code shares this process, so a report may be forged).
import { TaskRuntime } from './runtime.ts';
import type { SandboxHostMessage, SandboxWorkerMessage } from './protocol.ts';
import { reportSender } from './reportSender.ts';

/**
 * Serves the task runtime on this process's IPC channel (`serialization: 'advanced'`), running up
 * to `concurrency` attempts at once, and says `ready`. Signals sent to this process are ignored:
 * a Ctrl+C on a terminal reaches it too, and the host cancels or ends it itself. When the host
 * goes away (the channel closes) the process exits as soon as its thread is free.
 */
function serveTaskProcess(concurrency: number): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveTaskProcess: this process has no IPC channel');
  // Captured now: task code that later replaces process.send cannot reroute reports.
  const post = (message: SandboxWorkerMessage): void => {
    if (process.connected) send(message);
  };
  const runtime = new TaskRuntime(reportSender(post), { concurrency });
  process.on('message', (message: SandboxHostMessage) => {
    if (message?.type === 'run') runtime.enqueue(message.batch);
    else if (message?.type === 'abort') runtime.abort(message.ids, message.reason);
  });
  process.on('disconnect', () => process.exit(0));
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  // An uncaught error fails the attempt that was running; the host then replaces this process
  // (kept alive a moment for the report to leave).
  const crash = (error: unknown): void => {
    runtime.crash(error);
    setTimeout(() => process.exit(1), 1000).unref();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  post({ type: 'ready' });
}

const concurrency = Number(process.argv[2]);
if (typeof process.send !== 'function' || !Number.isSafeInteger(concurrency) || concurrency < 1) {
  process.stderr.write('flowweaver: a task process is started by `flowweaver run --sandbox`\n');
  process.exit(2);
}
serveTaskProcess(concurrency);
