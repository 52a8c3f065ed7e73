import { writeFile } from 'node:fs/promises';
import {
  computeRunMetrics,
  exportMermaid,
  FlowWeaverError,
  RunCancelledError,
  RunTimeoutError,
  toPrometheusText,
  WorkflowExecutionError,
  type RunResult,
  type StateStore,
  type Workflow,
} from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { createLocalExecutor } from './executors.ts';
import { checkOutputPaths } from './outputPaths.ts';
import { formatRunSummary } from './runSummary.ts';
import { closeStateStore, openStateStore } from './stateStore.ts';
import { underPermissionModel } from './sandbox.ts';
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

async function createExecutor(args: RunArgs, store: StateStore | undefined, io: CliIO) {
  switch (args.executor) {
    case 'sequential':
    case 'async':
    case 'threaded':
      return createLocalExecutor(args.executor, args.workers, store);
    case 'distributed':
      return (await import('./distributed.ts')).createDistributedExecutor(args, store, io);
  }
}

/** `flowweaver run`: executes the workflow, writes the requested files and returns the exit code. */
export async function runCommand(args: RunArgs, io: CliIO): Promise<number> {
  const workflow = await requireWorkflowFile(args.file);
  // Under --sandbox the launcher checked them (this process may not look at their folders).
  if (!underPermissionModel()) await checkOutputPaths(args);
  const inputs = runInputs(args, workflow);
  const store = args.state ? await openStateStore(args.state) : undefined;
  const executor = await createExecutor(args, store, io);
  const progress = new ProgressReporter(io.stderr, { verbose: args.verbose });
  const runId = args.runId ?? (args.state ? 'default' : undefined);
  let result: RunResult;
  let exitCode: number = ExitCode.Success;
  try {
    result = await executor.execute(workflow, {
      ...(runId ? { runId } : {}),
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
