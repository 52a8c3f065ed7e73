/** Process exit codes of the `flowweaver` command (documented in docs/operating.md). */
export const ExitCode = {
  Success: 0,
  TaskFailed: 1,
  InvalidInput: 2,
  /** The run exceeded the workflow's `timeoutMs` (as GNU `timeout` exits). */
  TimedOut: 124,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a given exit code and a message for stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
