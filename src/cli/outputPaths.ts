// The files `flowweaver run` will write (--state, --mermaid, --metrics) are checked before the
// run starts: a path that cannot be written is refused with one clear line (exit 2), instead of a
// stack trace after the run or a warning and a state that is never saved.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, ExitCode } from './exitCodes.ts';

/** The output options of `flowweaver run`. */
export interface OutputPaths {
  state?: string;
  mermaid?: string;
  metrics?: string;
}

/** Throws CliError(2) for the first output path that cannot be written. */
export async function checkOutputPaths(paths: OutputPaths): Promise<void> {
  for (const [flag, path] of [
    ['--state', paths.state],
    ['--mermaid', paths.mermaid],
    ['--metrics', paths.metrics],
  ] as const) {
    if (path === undefined) continue;
    const problem = await whyNotWritable(resolve(path), flag === '--state');
    if (problem) throw new CliError(ExitCode.InvalidInput, `${flag} ${path}: ${problem}`);
  }
}

/** Why the file cannot be written (created or replaced), or `undefined` when it can. */
async function whyNotWritable(file: string, viaTemp: boolean): Promise<string | undefined> {
  const folder = dirname(file);
  const target = await stat(file).catch(() => undefined);
  if (target?.isDirectory()) return 'this is a folder, not a file';
  const parent = await stat(folder).catch(() => undefined);
  if (!parent) return `the folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `${folder} is not a folder`;
  // A state store replaces its file through a temporary file beside it; other outputs are written
  // in place, so the folder matters only for a new file.
  if ((viaTemp || !target) && !(await writable(folder)))
    return `cannot write in the folder ${folder} (permission denied)`;
  if (target && !(await writable(file))) return 'the file cannot be written (permission denied)';
  return undefined;
}

const writable = (path: string): Promise<boolean> =>
  access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
