import { parseArgs } from 'node:util';
import { CliError, ExitCode } from './exitCodes.ts';

export type ExecutorKind = 'threaded' | 'async' | 'sequential';

/** A parsed command line. */
export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'validate'; file: string; json: boolean }
  | { command: 'mermaid'; file: string; orientation: string; out?: string }
  | {
      command: 'run';
      file: string;
      executor: ExecutorKind;
      workers?: number;
      state?: string;
      runId?: string;
      /** `--force`: resume the state file's run even when it was recorded for another workflow. */
      force?: boolean;
      failFast: boolean;
      mermaid?: string;
      metrics?: string;
      json: boolean;
      verbose: boolean;
      /** Present with `--sandbox`: run under Node's permission model, writing only in `dir`. */
      sandbox?: { dir?: string };
    };

export const USAGE = `Usage:
  flowweaver run <workflow.json> [options]     run a workflow
  flowweaver validate <workflow.json> [--json] list every problem (exit 1 when any)
  flowweaver mermaid <workflow.json> [--orientation LR] [--out file.mmd]

Run options:
  --executor threaded|async|sequential   where tasks run (default: threaded;
                                         async with --sandbox)
  --workers N                            worker threads (threaded) or tasks at once (async)
  --state <file.json>                    state file; a re-run with the same file resumes
  --run-id <id>                          run id (default: "default" with --state, else a fresh one)
  --force                                resume even when the state file's run was recorded
                                         for a different workflow (other tasks, dependencies or
                                         code of a completed task); refused without it (exit 2)
  --fail-fast                            stop at the first failure
  --mermaid <out.mmd>                    write the DAG with final statuses
  --metrics <out.prom>                   write Prometheus exposition text
  --json                                 print the run result as JSON on stdout
  --verbose                              print task logs, prefixed by task name
  --sandbox[=DIR]                        run task code under Node's permission model: file
                                         writes only inside DIR (default: a new empty folder),
                                         reads only there and of the workflow and state files,
                                         no child processes, no worker threads, no addons; the
                                         network stays open before Node 25 (docs/operating.md,
                                         Security model)

Without --sandbox, task code runs with your rights, like any script you run.

Exit codes: 0 success, 1 a task failed, 2 invalid input, 130 interrupted.`;

const EXECUTORS: readonly ExecutorKind[] = ['threaded', 'async', 'sequential'];

/** Parses argv (without node and script) into a command; throws CliError(2) on bad usage. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      // `--sandbox` takes an optional value (`--sandbox=DIR`); a bare one means "no folder given".
      args: argv.map((arg) => (arg === '--sandbox' ? '--sandbox=' : arg)),
      allowPositionals: true,
      strict: true,
      options: {
        executor: { type: 'string' },
        workers: { type: 'string' },
        state: { type: 'string' },
        'run-id': { type: 'string' },
        force: { type: 'boolean', default: false },
        'fail-fast': { type: 'boolean', default: false },
        mermaid: { type: 'string' },
        metrics: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        orientation: { type: 'string', default: 'TD' },
        out: { type: 'string' },
        sandbox: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError(ExitCode.InvalidInput, `${(error as Error).message}\n\n${USAGE}`);
  }
  const { values: v, positionals } = parsed;
  if (v.version) return { command: 'version' };
  const [command, file, ...rest] = positionals;
  if (v.help || command === undefined || command === 'help') return { command: 'help' };
  if (rest.length) {
    const hint = argv.includes('--sandbox') ? ' (a sandbox folder is given as --sandbox=DIR)' : '';
    throw new CliError(ExitCode.InvalidInput, `Unexpected arguments: ${rest.join(' ')}${hint}`);
  }
  if (command !== 'run' && command !== 'validate' && command !== 'mermaid') {
    throw new CliError(ExitCode.InvalidInput, `Unknown command "${command}".\n\n${USAGE}`);
  }
  if (file === undefined)
    throw new CliError(ExitCode.InvalidInput, `Missing <workflow.json>.\n\n${USAGE}`);
  if (command === 'validate') return { command, file, json: v.json };
  if (command === 'mermaid')
    return { command, file, orientation: v.orientation, ...(v.out ? { out: v.out } : {}) };
  const sandboxed = v.sandbox !== undefined;
  const executor = (v.executor ?? (sandboxed ? 'async' : 'threaded')) as ExecutorKind;
  if (!EXECUTORS.includes(executor)) {
    throw new CliError(
      ExitCode.InvalidInput,
      `--executor must be one of ${EXECUTORS.join(', ')}, not "${executor}".`,
    );
  }
  if (sandboxed && executor === 'threaded') {
    throw new CliError(
      ExitCode.InvalidInput,
      "--sandbox cannot use the threaded executor: allowing worker threads under Node's " +
        'permission model would let task code start a worker without its limits. ' +
        'Use --executor async (the default with --sandbox) or sequential.',
    );
  }
  let workers: number | undefined;
  if (v.workers !== undefined) {
    workers = Number(v.workers);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new CliError(
        ExitCode.InvalidInput,
        `--workers must be a positive integer, not "${v.workers}".`,
      );
    }
  }
  return {
    command,
    file,
    executor,
    failFast: v['fail-fast'],
    json: v.json,
    verbose: v.verbose,
    ...(workers !== undefined ? { workers } : {}),
    ...(v.state !== undefined ? { state: v.state } : {}),
    ...(v['run-id'] !== undefined ? { runId: v['run-id'] } : {}),
    ...(v.force ? { force: true } : {}),
    ...(v.mermaid !== undefined ? { mermaid: v.mermaid } : {}),
    ...(v.metrics !== undefined ? { metrics: v.metrics } : {}),
    ...(sandboxed ? { sandbox: v.sandbox ? { dir: v.sandbox } : {} } : {}),
  };
}
