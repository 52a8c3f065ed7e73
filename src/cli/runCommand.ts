import { writeFile } from 'node:fs/promises';
import {
  computeRunMetrics,
  exportMermaid,
  FlowWeaverError,
  RunCancelledError,
  RunTimeoutError,
  toPrometheusText,
  WorkflowExecutionError,
  type Executor,
  type RunResult,
  type Workflow,
} from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { createLocalExecutor, type LocalExecutor, type LocalExecutorKind } from './executors.ts';
import { checkOutputPaths } from './outputPaths.ts';
import { formatRunSummary } from './runSummary.ts';
import { closeStateStore, openStateStore } from './stateStore.ts';
import type { TaskProcessOptions } from './sandboxProcess.ts';
import { requireWorkflowFile } from './loadWorkflowFile.ts';
import { runInputs } from './runInputs.ts';
import type { CliCommand } from './parseCliArgs.ts';
import { ProgressReporter, type ProgressStream } from './ProgressReporter.ts';

type RunArgs = Extract<CliCommand, { command: 'run' }>;

/** IO the command uses; injected so tests can drive it without a terminal. */
export interface CliIO {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Aborted on Ctrl+C / SIGTERM. */
  signal: AbortSignal;
}

/** What `runCommand` starts its executors with; tests inject one that records what it is asked. */
export interface RunCommandDeps {
  /** A local executor (sequential, async, threaded) with no store: each run is given its own. */
  localExecutor?: (
    kind: LocalExecutorKind,
    workers: number | undefined,
    taskProcesses?: TaskProcessOptions,
  ) => LocalExecutor;
  /** `--sandbox`: task code runs in sandboxed processes started so (see sandbox.ts). */
  taskProcesses?: TaskProcessOptions;
  /** The output paths were checked already (`--sandbox` checks them before making its folder). */
  outputsChecked?: boolean;
}

/**
 * The executor of a local run, its first worker starting now: it loads while the document is read,
 * parsed and validated, so the first task does not wait for it (no task code runs yet). One, not
 * the whole pool: workers loading side by side on a busy machine slow the first one down (the run
 * starts the others as soon as it has work for them). Under --sandbox that worker is a sandboxed
 * process.
 */
function startLocalExecutor(args: RunArgs, deps: RunCommandDeps): LocalExecutor | undefined {
  if (args.executor === 'distributed') return undefined;
  const create = deps.localExecutor ?? createLocalExecutor;
  const executor = create(args.executor, args.workers, deps.taskProcesses);
  executor.warm?.(1);
  return executor;
}

/** `flowweaver run`: executes the workflow, writes the requested files and returns the exit code. */
export async function runCommand(
  args: RunArgs,
  io: CliIO,
  deps: RunCommandDeps = {},
): Promise<number> {
  const local = startLocalExecutor(args, deps);
  let prepared: Awaited<ReturnType<typeof prepareRun>>;
  try {
    prepared = await prepareRun(args, io, local, deps.outputsChecked === true);
  } catch (error) {
    await local?.dispose?.(); // the file or an output path was refused: its workers end now
    throw error;
  }
  const { workflow, inputs, store, executor } = prepared;
  const progress = new ProgressReporter(io.stderr, { verbose: args.verbose });
  const runId = args.runId ?? (args.state ? 'default' : undefined);
  let result: RunResult;
  let exitCode: number = ExitCode.Success;
  try {
    result = await executor.execute(workflow, {
      ...(runId ? { runId } : {}),
      ...(store ? { store } : {}),
      signal: io.signal,
      failFast: args.failFast,
      onEvent: progress.onEvent,
      onWarning: (message) => io.stderr.write(`note: ${message}\n`),
      ...(args.force ? { forceResume: true } : {}),
      params: inputs.params,
      secrets: inputs.secrets,
      ...(args.maxMapInstances !== undefined ? { maxMapInstances: args.maxMapInstances } : {}),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof FlowWeaverError && error.code === 'E_RESUME_MISMATCH') {
      // The state file holds a run of another workflow (or of an earlier form of this one).
      throw new CliError(ExitCode.InvalidInput, error.message);
    } else if (error instanceof FlowWeaverError && error.code === 'E_REDIS_UNAVAILABLE') {
      throw new CliError(ExitCode.TaskFailed, `run stopped: ${error.message}`);
    } else if (error instanceof RunTimeoutError) {
      result = error.result as RunResult;
      exitCode = ExitCode.TimedOut;
      io.stderr.write(`timed out: ${error.message}\n`);
    } else if (error instanceof WorkflowExecutionError) {
      result = error.result as RunResult;
      exitCode = ExitCode.TaskFailed;
    } else if (error instanceof RunCancelledError) {
      result = error.result as RunResult;
      exitCode = ExitCode.Interrupted;
      io.stderr.write(
        `interrupted: state ${args.state ? `saved to ${args.state}` : 'not saved (no --state)'}\n`,
      );
    } else {
      throw error;
    }
  } finally {
    await executor.dispose?.();
  }
  await closeStateStore(store);
  await writeOutputs(args, workflow, result);
  if (args.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(formatRunSummary(result));
  return exitCode;
}

/** Reads and validates the workflow, checks the outputs and opens the store, then the executor. */
async function prepareRun(
  args: RunArgs,
  io: CliIO,
  local: Executor | undefined,
  outputsChecked: boolean,
) {
  const workflow = await requireWorkflowFile(args.file);
  if (!outputsChecked) await checkOutputPaths(args);
  const inputs = runInputs(args, workflow);
  const store = args.state ? await openStateStore(args.state) : undefined;
  const executor =
    local ?? (await import('./distributed.ts')).createDistributedExecutor(args, store, io);
  return { workflow, inputs, store, executor };
}

async function writeOutputs(args: RunArgs, workflow: Workflow, result: RunResult): Promise<void> {
  if (args.mermaid) {
    const statuses = Object.fromEntries(Object.values(result.tasks).map((t) => [t.name, t.status]));
    await writeFile(args.mermaid, exportMermaid(workflow, { statuses }));
  }
  if (args.metrics) {
    const metrics = computeRunMetrics(Object.values(result.tasks), {
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
    });
    await writeFile(
      args.metrics,
      toPrometheusText(metrics, {
        workflow: workflow.name,
        runId: result.runId,
        status: result.status,
      }),
    );
  }
}
