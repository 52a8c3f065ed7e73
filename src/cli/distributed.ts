// `flowweaver worker` and `run --executor distributed`: loaded only by those commands, so BullMQ
// and ioredis never slow the CLI's start (docs/operating.md, Scaling out).
import type { StateStore } from '../engine/index.ts';
import { DistributedExecutor, DistributedWorker } from '../engine/node.ts';
import { ExitCode } from './exitCodes.ts';
import type { CliCommand } from './parseCliArgs.ts';
import type { CliIO } from './runCommand.ts';

type RunArgs = Extract<CliCommand, { command: 'run' }>;
type WorkerArgs = Extract<CliCommand, { command: 'worker' }>;

/** The coordinator's executor for `run --executor distributed`. */
export function createDistributedExecutor(
  args: RunArgs,
  store: StateStore | undefined,
  io: CliIO,
): DistributedExecutor {
  const d = args.distributed!;
  return new DistributedExecutor({
    redisUrl: d.redis,
    ...(d.queue ? { queue: d.queue } : {}),
    ...(d.maxResultBytes ? { maxResultBytes: d.maxResultBytes } : {}),
    ...(d.redisTimeoutMs ? { redisUnavailableTimeoutMs: d.redisTimeoutMs } : {}),
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    ...(store ? { store } : {}),
  });
}

/**
 * `flowweaver worker`: takes attempts from the queue until Ctrl+C / SIGTERM, then stops taking new
 * ones and lets the running ones finish (a second Ctrl+C exits at once).
 */
export async function workerCommand(args: WorkerArgs, io: CliIO): Promise<number> {
  const worker = new DistributedWorker({
    redisUrl: args.redis,
    concurrency: args.concurrency,
    ...(args.queue ? { queue: args.queue } : {}),
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    ...(args.verbose ? { onActivity: (message) => io.stderr.write(`${message}\n`) } : {}),
  });
  await worker.start();
  io.stderr.write(
    `flowweaver worker: taking attempts from ${worker.describe()} (Ctrl+C to stop)\n`,
  );
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('flowweaver worker: stopping after the running attempts\n');
  await worker.close();
  return ExitCode.Success;
}
