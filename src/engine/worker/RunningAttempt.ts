// An attempt while it runs in a worker: its signal, its log cap, and the consoles tasks log through.
import type { CapturedConsole } from '../model/codeTask.ts';
import type { LogLine } from '../model/types.ts';
import { AttemptLogCap } from './logCap.ts';

/** A log level of a task's console. */
export type Level = LogLine['level'];

const LEVELS: readonly Level[] = ['log', 'info', 'warn', 'error', 'debug'];

/** The attempt being run; its AbortController exists only once someone needs it. */
export class RunningAttempt {
  private controller: AbortController | undefined;
  private reason: unknown;
  private aborted = false;
  /** Whether it has logged yet (its first line is sent at once). */
  logged = false;
  /** Its lines beyond the first few hundred are held back (see logCap.ts). */
  readonly logCap = new AttemptLogCap();

  constructor(
    readonly id: number,
    readonly log: (level: Level, args: unknown[]) => void,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** A console whose every level logs through `log`. */
export function makeConsole(log: (level: Level, args: unknown[]) => void): CapturedConsole {
  const out = {} as CapturedConsole;
  for (const level of LEVELS) out[level] = (...args: unknown[]) => log(level, args);
  return out;
}
