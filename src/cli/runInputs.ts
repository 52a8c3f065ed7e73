// A run's parameters (--param, --params file.json) and secrets (FLOWWEAVER_SECRET_<NAME>,
// --secrets-file), checked against the workflow before anything runs: a problem is exit 2, one line.
import { readFile } from 'node:fs/promises';
import {
  paramValueProblems,
  parseParamText,
  requireSecrets,
  type Workflow,
} from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import type { CliCommand } from './parseCliArgs.ts';

type RunArgs = Extract<CliCommand, { command: 'run' }>;

/** The prefix of the environment variables that hold secret values. */
export const SECRET_ENV_PREFIX = 'FLOWWEAVER_SECRET_';

/**
 * Reads `--params` and `--secrets-file` before the run starts (a sandboxed run cannot read them):
 * the parameters go into the command as values, the secrets into this process's environment as
 * `FLOWWEAVER_SECRET_<NAME>` (never into the command, which a sandboxed run passes on its command
 * line), where the run, or the sandboxed process started from here, finds them.
 */
export async function readRunInputFiles(cmd: RunArgs): Promise<RunArgs> {
  const { paramsFile, secretsFile, ...rest } = cmd;
  const out: RunArgs = rest;
  if (paramsFile !== undefined) out.paramValues = await readJsonObject(paramsFile, '--params');
  if (secretsFile !== undefined) {
    const secrets = await readJsonObject(secretsFile, '--secrets-file');
    for (const [name, value] of Object.entries(secrets)) {
      if (typeof value !== 'string')
        throw new CliError(
          ExitCode.InvalidInput,
          `--secrets-file ${secretsFile}: the value of "${name}" must be a string`,
        );
      process.env[`${SECRET_ENV_PREFIX}${name}`] = value;
    }
  }
  return out;
}

/**
 * The parameter values and secrets of this run: `--params` values, then each `--param name=value`
 * (parsed by the parameter's declared type) over them; every secret a task declares from
 * `FLOWWEAVER_SECRET_<NAME>`. Throws CliError(2) with one line naming what is unknown, invalid or
 * missing.
 */
export function runInputs(
  cmd: RunArgs,
  workflow: Workflow,
  env: NodeJS.ProcessEnv = process.env,
): { params: Record<string, unknown>; secrets: Record<string, string> } {
  const params: Record<string, unknown> = { ...cmd.paramValues };
  const declared = new Map(workflow.params.map((p) => [p.name, p]));
  const problems: string[] = [];
  const unparsed = new Set<string>();
  for (const entry of cmd.params ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      problems.push(`--param ${JSON.stringify(entry)} is not name=value`);
      continue;
    }
    const name = entry.slice(0, eq);
    const spec = declared.get(name);
    if (!spec) {
      params[name] = entry.slice(eq + 1); // named below as unknown, with what is declared
      continue;
    }
    const parsed = parseParamText(spec.type, entry.slice(eq + 1));
    if (parsed.ok) params[name] = parsed.value;
    else {
      problems.push(`parameter "${name}" ${parsed.reason}`);
      unparsed.add(name);
    }
  }
  // A value that did not parse is named once, above (not again as missing).
  const checked = workflow.params.filter((p) => !unparsed.has(p.name));
  for (const problem of paramValueProblems(checked, params)) problems.push(problem);
  if (problems.length > 0)
    throw new CliError(ExitCode.InvalidInput, `Invalid run parameters: ${problems.join('; ')}`);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (key.startsWith(SECRET_ENV_PREFIX) && value !== undefined)
      values[key.slice(SECRET_ENV_PREFIX.length)] = value;
  try {
    return { params, secrets: requireSecrets(workflow.tasks, values) };
  } catch (error) {
    throw new CliError(
      ExitCode.InvalidInput,
      `${(error as Error).message} (set ${SECRET_ENV_PREFIX}<NAME> or pass --secrets-file)`,
    );
  }
}

async function readJsonObject(file: string, flag: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(ExitCode.InvalidInput, `${flag} ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliError(ExitCode.InvalidInput, `${flag} ${file}: expected a JSON object`);
  return value as Record<string, unknown>;
}
