// `flowweaver run --sandbox`: Node's permission model applies to a whole process (a worker can be
// started with wider flags than its parent's, and tsx's loader needs worker threads and esbuild's
// child process), so task code runs in separate Node processes under the permission model, the
// run's task workers; the scheduler, the state store, the outputs and the timers stay here, out
// of their reach. Those processes load one plain JavaScript file bundled here once per run (the
// task runtime, no TypeScript loader), may read only that file and the sandbox folder, and write
// only in the sandbox folder.
import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError, ExitCode } from './exitCodes.ts';
import { requireWorkflowFile } from './loadWorkflowFile.ts';
import { checkOutputPaths } from './outputPaths.ts';
import type { CliCommand } from './parseCliArgs.ts';
import type { CliIO } from './runCommand.ts';

type RunArgs = Extract<CliCommand, { command: 'run' }>;

/** The flag that turns Node's permission model on: stable `--permission` or the experimental one. */
export type PermissionFlag = '--permission' | '--experimental-permission';

/**
 * The permission-model flag this Node accepts (from its own list of flags), preferring the
 * stable `--permission` (Node 22.13+ / 23.5+) over `--experimental-permission` (Node 20, 22);
 * throws CliError(2) when there is none.
 */
export function permissionFlag(
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
  version: string = process.version,
): PermissionFlag {
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  throw new CliError(
    ExitCode.InvalidInput,
    `--sandbox needs Node's permission model (Node 20 or later; 22.13+ or 23.5+ for the stable one), not Node ${version}.`,
  );
}

/** What the sandboxed task processes may read and write: nothing else. */
export function sandboxGrants(paths: { program: string; folder: string }): {
  read: string[];
  write: string[];
} {
  // The state file, the workflow and the --mermaid / --metrics files are the launcher's alone.
  return { read: [paths.program, paths.folder], write: [paths.folder] };
}

/** Node's command-line flags for the grants. */
export function permissionArgs(
  flag: PermissionFlag,
  grants: { read: readonly string[]; write: readonly string[] },
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): string[] {
  // Node 20 warns that the model is experimental on every run; the launcher's line says so.
  const quiet = flag === '--experimental-permission' && flags.has('--disable-warning');
  return [
    flag,
    ...(quiet ? ['--disable-warning=ExperimentalWarning'] : []),
    ...grants.read.map((path) => `--allow-fs-read=${path}`),
    ...grants.write.map((path) => `--allow-fs-write=${path}`),
  ];
}

/** The launcher's one line on what the sandbox allows, true to the running Node. */
export function sandboxNotice(
  folder: string,
  flag: PermissionFlag,
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
  version: string = process.version,
): string {
  // Node 25+ covers the network too (`--allow-net`, which the sandbox does not give).
  const network = flags.has('--allow-net') ? 'no network' : 'the network is not restricted';
  const model = flag === '--experimental-permission' ? ', experimental permission model' : '';
  return (
    `sandbox: task code may read and write only in ${folder}; ` +
    `no child processes, worker threads or addons; ${network} (Node ${version}${model})`
  );
}

/**
 * Runs `cmd` here with its task code in sandboxed processes (see sandboxProcess.ts); returns its
 * exit code.
 */
export async function runSandboxed(cmd: RunArgs, io: CliIO): Promise<number> {
  const flag = permissionFlag();
  await requireWorkflowFile(cmd.file); // its problems, before any sandbox is made
  await checkOutputPaths(cmd);
  // Grants name real paths: a path through a symbolic link would not match what Node checks.
  const temp = await realpath(tmpdir());
  const given = cmd.sandbox?.dir;
  const folder = given
    ? await givenFolder(resolve(process.cwd(), given))
    : await mkdtemp(join(temp, 'flowweaver-sandbox-'));
  const build = await mkdtemp(join(temp, 'flowweaver-bundle-'));
  // A forced exit (second Ctrl+C) skips `finally`: the bundle goes anyway.
  const removeBuild = () => rmSync(build, { recursive: true, force: true });
  process.on('exit', removeBuild);
  try {
    const program = await bundleSandboxProgram(join(build, 'flowweaver-sandbox.mjs'));
    const grants = sandboxGrants({ program, folder });
    io.stderr.write(`${sandboxNotice(folder, flag)}\n`);
    const { runCommand } = await import('./runCommand.ts');
    return await runCommand(cmd, io, {
      outputsChecked: true,
      taskProcesses: {
        nodeArgs: permissionArgs(flag, grants),
        program,
        cwd: folder,
        stderr: io.stderr as NodeJS.WritableStream,
      },
    });
  } finally {
    process.off('exit', removeBuild);
    removeBuild();
    // A fresh folder nothing was written to is of no use to anyone.
    if (!given && (await readdir(folder)).length === 0) await rm(folder, { recursive: true });
  }
}

/**
 * Puts the sandboxed task process's entry (the engine's task runtime), with its dependencies, in
 * one ES module file: the package ships it prebuilt (scripts/package/build.mjs); a source checkout
 * bundles it (sandboxBundle.ts, cached until the sources change). Every task process of the run
 * loads the same copy.
 */
async function bundleSandboxProgram(outfile: string): Promise<string> {
  if (!import.meta.url.endsWith('.ts')) {
    await copyFile(new URL('./sandboxChild.bundle.mjs', import.meta.url), outfile);
    return outfile;
  }
  const { bundleFromSources } = await import('./sandboxBundle.ts');
  await bundleFromSources(outfile);
  return outfile;
}

/** The real path of the folder given as `--sandbox=DIR`, made when missing. */
async function givenFolder(path: string): Promise<string> {
  try {
    await mkdir(path, { recursive: true });
    return await realpath(path);
  } catch (error) {
    throw new CliError(
      ExitCode.InvalidInput,
      `Cannot use ${path} as the sandbox folder: ${(error as Error).message}`,
    );
  }
}
