import { parseArgs } from 'node:util';
import { CliError, ExitCode } from './exitCodes.ts';

export type ExecutorKind = 'threaded' | 'async' | 'sequential' | 'distributed';

/** Where `--executor distributed` and `flowweaver worker` meet: Redis and a BullMQ queue. */
export interface RedisArgs {
  redis: string;
  queue?: string;
}

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
      /** `--param name=value`, as given (repeatable); parsed by the parameter's declared type. */
      params?: string[];
      /** `--params file.json`: read before the run into {@link paramValues}. */
      paramsFile?: string;
      /** Parameter values from the `--params` file (`--param` entries go over them). */
      paramValues?: Record<string, unknown>;
      /** `--secrets-file file.json`: secret values by name, as FLOWWEAVER_SECRET_<NAME> would be. */
      secretsFile?: string;
      /** `--max-map-instances N`: instances of mapped tasks the run may start (over the workflow's). */
      maxMapInstances?: number;
      /** Present with `--sandbox`: run under Node's permission model, writing only in `dir`. */
      sandbox?: { dir?: string };
      /** `--executor distributed`: the Redis, queue and limits (docs/operating.md, Scaling out). */
      distributed?: RedisArgs & { maxResultBytes?: number; redisTimeoutMs?: number };
    }
  | ({ command: 'worker'; concurrency: number; verbose: boolean } & RedisArgs);

export const USAGE = `Usage:
  flowweaver run <workflow.json> [options]     run a workflow
  flowweaver validate <workflow.json> [--json] list every problem (exit 1 when any)
  flowweaver mermaid <workflow.json> [--orientation LR] [--out file.mmd]
  flowweaver worker --redis <url> [--concurrency N] [--queue NAME]
                                               run attempts for distributed runs

Run options:
  --executor threaded|async|sequential|distributed
                                         where tasks run (default: threaded;
                                         async with --sandbox; distributed: on
                                         \`flowweaver worker\` processes, needs --redis)
  --redis <url>                          redis://[user:pass@]host:port[/db], rediss:// for TLS
  --queue <name>                         BullMQ queue of the workers (default: flowweaver)
  --max-result-bytes N                   distributed: largest task result (default 1048576)
  --redis-timeout <seconds>              distributed: stop the run when Redis stays
                                         unreachable this long (default 30)
  --workers N                            workers (threaded; sandboxed processes with
                                         --sandbox) or tasks at once (async)
  --state <file>                         state file; a re-run with the same file resumes
                                         (JSON, or SQLite for .sqlite, .sqlite3, .db)
  --run-id <id>                          run id (default: "default" with --state, else a fresh one)
  --force                                resume even when the state file's run was recorded
                                         for a different workflow (other tasks, dependencies or
                                         code of a completed task); refused without it (exit 2)
  --fail-fast                            stop at the first failure
  --max-map-instances N                  instances of mapped tasks (mapOver) one run may
                                         start (default: the workflow's maxMapInstances, 1000)
  --param name=value                     a run parameter the workflow declares (repeatable)
  --params <file.json>                   run parameters as a JSON object ({"name": value});
                                         --param entries go over it
  --secrets-file <file.json>             secret values as a JSON object of strings; else each
                                         secret a task declares comes from the environment
                                         variable FLOWWEAVER_SECRET_<NAME>
  --mermaid <out.mmd>                    write the DAG with final statuses
  --metrics <out.prom>                   write Prometheus exposition text
  --json                                 print the run result as JSON on stdout
  --verbose                              print task logs, prefixed by task name
  --sandbox[=DIR]                        run task code in separate processes under Node's
                                         permission model: file reads and writes only inside
                                         DIR (default: a new empty folder), no child processes,
                                         no worker threads, no addons; the network stays open
                                         before Node 25. The run, its state and outputs stay
                                         outside (docs/operating.md, Security model)

Without --sandbox, task code runs with your rights, like any script you run.

Exit codes: 0 success, 1 a task failed, 2 invalid input, 130 interrupted.`;

const EXECUTORS: readonly ExecutorKind[] = ['threaded', 'async', 'sequential', 'distributed'];

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
        'max-map-instances': { type: 'string' },
        param: { type: 'string', multiple: true },
        params: { type: 'string' },
        'secrets-file': { type: 'string' },
        mermaid: { type: 'string' },
        metrics: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        orientation: { type: 'string', default: 'TD' },
        out: { type: 'string' },
        sandbox: { type: 'string' },
        redis: { type: 'string' },
        queue: { type: 'string' },
        concurrency: { type: 'string' },
        'max-result-bytes': { type: 'string' },
        'redis-timeout': { type: 'string' },
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
  if (command === 'worker') return parseWorkerArgs(v, positionals.slice(1));
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
  const distributed = executor === 'distributed' ? parseDistributedArgs(v) : undefined;
  return {
    command,
    file,
    executor,
    ...(distributed ? { distributed } : {}),
    failFast: v['fail-fast'],
    json: v.json,
    verbose: v.verbose,
    ...(workers !== undefined ? { workers } : {}),
    ...(v.state !== undefined ? { state: v.state } : {}),
    ...(v['run-id'] !== undefined ? { runId: v['run-id'] } : {}),
    ...(v.force ? { force: true } : {}),
    ...(v.param !== undefined ? { params: v.param } : {}),
    ...(v.params !== undefined ? { paramsFile: v.params } : {}),
    ...(v['secrets-file'] !== undefined ? { secretsFile: v['secrets-file'] } : {}),
    ...mapLimit(v['max-map-instances']),
    ...(v.mermaid !== undefined ? { mermaid: v.mermaid } : {}),
    ...(v.metrics !== undefined ? { metrics: v.metrics } : {}),
    ...(sandboxed ? { sandbox: v.sandbox ? { dir: v.sandbox } : {} } : {}),
  };
}

/** `--max-map-instances`, checked. */
function mapLimit(text: string | undefined): { maxMapInstances?: number } {
  const n = positiveInt('max-map-instances', text);
  return n === undefined ? {} : { maxMapInstances: n };
}

/** A positive integer option, or a CliError naming it. */
function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(
      ExitCode.InvalidInput,
      `--${name} must be a positive integer, not "${text}".`,
    );
  return n;
}

type RedisValues = {
  redis?: string | undefined;
  queue?: string | undefined;
  concurrency?: string | undefined;
  verbose?: boolean | undefined;
  'max-result-bytes'?: string | undefined;
  'redis-timeout'?: string | undefined;
};

/** `--redis`, else FLOWWEAVER_REDIS_URL (which keeps a password out of the process list). */
function redisArgs(v: RedisValues, what: string): RedisArgs {
  const redis = v.redis ?? process.env.FLOWWEAVER_REDIS_URL;
  if (!redis)
    throw new CliError(
      ExitCode.InvalidInput,
      `${what} needs --redis <url> or FLOWWEAVER_REDIS_URL (e.g. redis://127.0.0.1:6379).`,
    );
  return { redis, ...(v.queue ? { queue: v.queue } : {}) };
}

function parseDistributedArgs(
  v: RedisValues,
): NonNullable<Extract<CliCommand, { command: 'run' }>['distributed']> {
  const maxResultBytes = positiveInt('max-result-bytes', v['max-result-bytes']);
  const seconds = positiveInt('redis-timeout', v['redis-timeout']);
  return {
    ...redisArgs(v, '--executor distributed'),
    ...(maxResultBytes !== undefined ? { maxResultBytes } : {}),
    ...(seconds !== undefined ? { redisTimeoutMs: seconds * 1000 } : {}),
  };
}

function parseWorkerArgs(v: RedisValues, rest: readonly string[]): CliCommand {
  if (rest.length)
    throw new CliError(ExitCode.InvalidInput, `Unexpected arguments: ${rest.join(' ')}`);
  return {
    command: 'worker',
    concurrency: positiveInt('concurrency', v.concurrency) ?? 1,
    verbose: v.verbose ?? false,
    ...redisArgs(v, 'flowweaver worker'),
  };
}
