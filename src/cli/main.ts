import { readFile, writeFile } from 'node:fs/promises';
import { exportMermaid } from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { formatIssues, loadWorkflowFile, requireWorkflowFile } from './loadWorkflowFile.ts';
import { parseCliArgs, USAGE, type CliCommand } from './parseCliArgs.ts';
import { runCommand, type CliIO } from './runCommand.ts';
import { runSandboxed, underPermissionModel } from './sandbox.ts';

/** Runs the `flowweaver` command and returns its exit code; never throws. */
export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return guarded(() => dispatch(parseCliArgs(argv), io), io);
}

/** Runs an already parsed command (the sandboxed process gets one); never throws. */
export function runParsed(cmd: CliCommand, io: CliIO): Promise<number> {
  return guarded(() => dispatch(cmd, io), io);
}

async function guarded(body: () => Promise<number>, io: CliIO): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`flowweaver: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.TaskFailed;
  }
}

async function dispatch(cmd: CliCommand, io: CliIO): Promise<number> {
  switch (cmd.command) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return ExitCode.Success;
    case 'version': {
      const pkg = JSON.parse(
        await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
      );
      io.stdout.write(`flowweaver ${pkg.version}\n`);
      return ExitCode.Success;
    }
    case 'validate': {
      const loaded = await loadWorkflowFile(cmd.file);
      if (cmd.json)
        io.stdout.write(`${JSON.stringify(loaded.ok ? { ok: true, issues: [] } : loaded)}\n`);
      else if (loaded.ok)
        io.stdout.write(`${cmd.file}: valid (${loaded.workflow.tasks.length} tasks)\n`);
      else io.stdout.write(`${formatIssues(cmd.file, loaded.issues)}\n`);
      return loaded.ok ? ExitCode.Success : ExitCode.TaskFailed;
    }
    case 'mermaid': {
      const workflow = await requireWorkflowFile(cmd.file);
      let text: string;
      try {
        text = exportMermaid(workflow, { orientation: cmd.orientation });
      } catch (error) {
        throw new CliError(ExitCode.InvalidInput, (error as Error).message);
      }
      if (cmd.out) await writeFile(cmd.out, text);
      else io.stdout.write(text);
      return ExitCode.Success;
    }
    case 'run':
      // Outside the permission model, --sandbox starts this same run again inside it.
      return cmd.sandbox && !underPermissionModel() ? runSandboxed(cmd, io) : runCommand(cmd, io);
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
