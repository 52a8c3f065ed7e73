// `flowweaver run --sandbox`: Node's permission model applies to a whole process (a worker can be
// started with wider flags than its parent's, and tsx's loader needs worker threads and esbuild's
// child process), so the run starts again in a new Node process under the permission model. That
// process loads one plain JavaScript file bundled here beforehand, so it needs no TypeScript
// loader, worker threads or child processes of its own; it may read that file, the workflow and
// the state files, and write only in the sandbox folder, the state files and the outputs.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { constants, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { CliError, ExitCode } from './exitCodes.ts';
import { requireWorkflowFile } from './loadWorkflowFile.ts';
import { checkOutputPaths } from './outputPaths.ts';
import { refuseSQLiteInSandbox } from './stateStore.ts';
import type { CliCommand } from './parseCliArgs.ts';
import type { CliIO } from './runCommand.ts';

type RunArgs = Extract<CliCommand, { command: 'run' }>;

/** The flag that turns Node's permission model on: stable `--permission` or the experimental one. */
export type PermissionFlag = '--permission' | '--experimental-permission';

/** True when this process runs under Node's permission model. */
export function underPermissionModel(): boolean {
  return Boolean((process as { permission?: unknown }).permission);
}

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

/** Absolute paths the sandboxed run touches. */
export interface SandboxPaths {
  /** The bundled CLI the sandboxed process runs. */
  program: string;
  workflow: string;
  /** The sandbox folder: task code reads and writes there, and it is the working directory. */
  folder: string;
  state?: string;
  /** `--mermaid` and `--metrics` files. */
  outputs: readonly string[];
}

/** What the sandboxed process may read and write: nothing else. */
export function sandboxGrants(paths: SandboxPaths): { read: string[]; write: string[] } {
  const { state } = paths;
  // The state store writes `.<name>.<uuid>.tmp` beside the file, renames it over the file, and
  // moves a corrupt file aside as `<name>.corrupt-<time>`: exact names and two prefixes, never
  // the whole folder (which may be the user's home).
  const stateFiles = state
    ? [state, join(dirname(state), `.${basename(state)}.*`), `${state}.corrupt-*`]
    : [];
  return {
    read: [paths.program, paths.workflow, paths.folder, ...stateFiles],
    write: [paths.folder, ...stateFiles, ...paths.outputs],
  };
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
    `sandbox: task code may write only in ${folder}; no child processes, worker threads or ` +
    `addons; ${network} (Node ${version}${model})`
  );
}

/** Runs `cmd` in a new Node process under the permission model; returns its exit code. */
export async function runSandboxed(cmd: RunArgs, io: CliIO): Promise<number> {
  const flag = permissionFlag();
  await requireWorkflowFile(cmd.file); // its problems, before any sandbox is made
  await checkOutputPaths(cmd);
  refuseSQLiteInSandbox(cmd.state);
  const absolute = (path: string) => resolve(process.cwd(), path);
  // Grants name real paths: a path through a symbolic link would not match what Node checks.
  const real = (path: string) => realPathOfFile(absolute(path));
  const temp = await realpath(tmpdir());
  const given = cmd.sandbox?.dir;
  const folder = given
    ? await givenFolder(absolute(given))
    : await mkdtemp(join(temp, 'flowweaver-sandbox-'));
  const build = await mkdtemp(join(temp, 'flowweaver-bundle-'));
  // A forced exit (second Ctrl+C) skips `finally`: the bundle goes anyway.
  const removeBuild = () => rmSync(build, { recursive: true, force: true });
  process.on('exit', removeBuild);
  try {
    const program = await bundleSandboxProgram(join(build, 'flowweaver-sandbox.mjs'));
    const child: RunArgs = {
      ...cmd,
      file: await real(cmd.file),
      ...(cmd.state ? { state: await real(cmd.state) } : {}),
      ...(cmd.mermaid ? { mermaid: await real(cmd.mermaid) } : {}),
      ...(cmd.metrics ? { metrics: await real(cmd.metrics) } : {}),
      sandbox: { dir: folder },
    };
    const grants = sandboxGrants({
      program,
      workflow: child.file,
      folder,
      ...(child.state ? { state: child.state } : {}),
      outputs: [child.mermaid, child.metrics].filter((p): p is string => p !== undefined),
    });
    io.stderr.write(`${sandboxNotice(folder, flag)}\n`);
    return await runChild([...permissionArgs(flag, grants), program, JSON.stringify(child)], {
      cwd: folder,
      signal: io.signal,
    });
  } finally {
    process.off('exit', removeBuild);
    removeBuild();
    // A fresh folder nothing was written to is of no use to anyone.
    if (!given && (await readdir(folder)).length === 0) await rm(folder, { recursive: true });
  }
}

/**
 * Puts the sandboxed process's entry, with its dependencies, in one ES module file: the package
 * ships it prebuilt (scripts/package/build.mjs); a source checkout bundles it now.
 */
async function bundleSandboxProgram(outfile: string): Promise<string> {
  if (!import.meta.url.endsWith('.ts')) {
    await copyFile(new URL('./sandboxChild.bundle.mjs', import.meta.url), outfile);
    return outfile;
  }
  // esbuild is tsx's own dependency: resolve it from there, as tsx does.
  const fromHere = createRequire(import.meta.url);
  const fromTsx = createRequire(fromHere.resolve('tsx/package.json'));
  const esbuild = (await import(pathToFileURL(fromTsx.resolve('esbuild')).href)) as typeof Esbuild;
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./sandboxChild.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    logLevel: 'silent',
  });
  await esbuild.stop(); // its service process is not needed any more
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

/** The real path of a file that may not exist yet (its folder must). */
async function realPathOfFile(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path));
  }
}

/**
 * Starts Node with `args`, sharing this process's terminal, and relays an interrupt over IPC
 * (see `launch`'s 'launcher' source) once the child says it listens: a message sent earlier
 * would be lost. Resolves with its exit code (128 + n after signal n).
 */
function runChild(args: string[], options: { cwd: string; signal: AbortSignal }): Promise<number> {
  // NODE_OPTIONS could carry wider --allow-* flags or preload code into the sandbox.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    let listening = false;
    const relay = () => {
      if (listening && options.signal.aborted && child.connected) child.send('interrupt');
    };
    child.on('message', (message) => {
      if (message !== 'listening' || listening) return;
      listening = true;
      relay();
    });
    // A forced exit (second Ctrl+C) takes the child along: a task stuck in a loop never reads
    // the closed channel, and it ignores the terminal's signals.
    const kill = () => child.kill('SIGKILL');
    options.signal.addEventListener('abort', relay);
    process.on('exit', kill);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      options.signal.removeEventListener('abort', relay);
      process.off('exit', kill);
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
