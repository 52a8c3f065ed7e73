// The engine, the run and the sandbox are imported by the command that needs them, so `--help`
// and `--version` start in about the time Node itself takes (bench: cli.startup_ms).
import { readFile, writeFile } from 'node:fs/promises';
import { CliError, ExitCode } from './exitCodes.ts';
import { parseCliArgs, USAGE, type CliCommand } from './parseCliArgs.ts';
import type { CliIO } from './runCommand.ts';

/** Runs the `flowweaver` command and returns its exit code; never throws. */
export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return guarded(() => dispatch(parseCliArgs(argv), io), io);
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
      const { formatIssues, loadWorkflowFile } = await import('./loadWorkflowFile.ts');
      const loaded = await loadWorkflowFile(cmd.file);
      if (cmd.json)
        io.stdout.write(`${JSON.stringify(loaded.ok ? { ok: true, issues: [] } : loaded)}\n`);
      else if (loaded.ok)
        io.stdout.write(`${cmd.file}: valid (${loaded.workflow.tasks.length} tasks)\n`);
      else io.stdout.write(`${formatIssues(cmd.file, loaded.issues)}\n`);
      return loaded.ok ? ExitCode.Success : ExitCode.TaskFailed;
    }
    case 'mermaid': {
      const [{ requireWorkflowFile }, { exportMermaid }] = await Promise.all([
        import('./loadWorkflowFile.ts'),
        import('../engine/index.ts'),
      ]);
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
    case 'run': {
      // Read here: a sandboxed run could not read the --params and --secrets-file files.
      const { readRunInputFiles } = await import('./runInputs.ts');
      cmd = await readRunInputFiles(cmd);
      // --sandbox: the run stays here, its task code goes to processes under the permission model.
      if (cmd.sandbox) return (await import('./sandbox.ts')).runSandboxed(cmd, io);
      const { runCommand } = await import('./runCommand.ts');
      return runCommand(cmd, io);
    }
    case 'worker': {
      const { workerCommand } = await import('./distributed.ts');
      return workerCommand(cmd, io);
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
