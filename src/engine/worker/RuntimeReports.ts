// What a worker's runtime tells the host, and when: outcomes and log lines are held and go out
// together in one report, the first line of an attempt (or the first after a quiet spell) at once.
import { formatLogArgs } from '../model/codeTask.ts';
import type { LogLine } from '../model/types.ts';
import type { AttemptOutcome, LogEntry, WorkerReport } from './protocol.ts';
import type { Level, RunningAttempt } from './RunningAttempt.ts';
import type { ReportFn, RuntimeOptions } from './runtime.ts';

/**
 * Along a chain, finished outcomes go out before the next follower starts once this long has
 * passed since the last report: a chain of tiny tasks sends one report per ~2 ms, and a task that
 * then blocks the thread holds back at most that much.
 */
export const FOLLOWER_FLUSH_MS = 2;

/** The reports of one runtime: what is held for the next one, and when it goes. */
export class RuntimeReports {
  /** Outcomes not reported yet. */
  outcomes: AttemptOutcome[] = [];
  /** Buffers of those outcomes, moved rather than copied. */
  transfer = new Set<ArrayBuffer>();
  /** The next report says `awaiting` (see RuntimeOptions.reportAwaiting). */
  awaiting = false;
  /** When the last report went (the runtime's clock). */
  lastFlushAt = -Infinity;
  private logs: LogEntry[] = [];
  private logTimer: ReturnType<typeof setTimeout> | undefined;
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly report: ReportFn,
    private readonly options: RuntimeOptions,
    private readonly now: () => number,
  ) {}

  /** A line logged by attempt `id`; `attempt` while it runs (undefined: a leftover of one that ended). */
  pushLog(id: number, level: Level, args: unknown[], attempt: RunningAttempt | undefined): void {
    const ts = this.now();
    const line: LogLine = { ts, level, message: formatLogArgs(args) };
    if (attempt && !attempt.logCap.admit(line)) return;
    this.appendLine(id, line);
    const first = attempt !== undefined && !attempt.logged;
    if (first) attempt.logged = true;
    // The first line of an attempt, or the first after a quiet spell, goes at once (the task may now
    // block the thread for good); the lines right behind it are coalesced.
    if (first || ts - this.lastFlushAt >= (this.options.logFlushMs ?? 20)) this.flush();
    else this.logTimer ??= setTimeout(() => this.flushLogs(), this.options.logFlushMs ?? 20);
  }

  appendLine(id: number, line: LogLine): void {
    let entry = this.logs[this.logs.length - 1];
    if (entry?.id !== id) {
      entry = { id, lines: [] };
      this.logs.push(entry);
    }
    entry.lines.push(line);
  }

  private flushLogs(): void {
    this.logTimer = undefined;
    if (this.logs.length > 0) this.flush();
  }

  /** Reports the outcomes held once this turn is over (outcomes that end together go in one report). */
  flushSoon(): void {
    this.outcomeTimer ??= setTimeout(this.flushOutcomes, 0);
  }

  private readonly flushOutcomes = (): void => {
    this.outcomeTimer = undefined;
    this.flush();
  };

  /** Reports now everything held, with a crash or an attempt's start if given. */
  flush(crash?: WorkerReport['crash'], started?: number): void {
    const awaiting = this.awaiting;
    if (
      this.logs.length === 0 &&
      this.outcomes.length === 0 &&
      !crash &&
      started === undefined &&
      !awaiting
    )
      return;
    const report: WorkerReport = {
      logs: this.logs,
      outcomes: this.outcomes,
      ...(crash ? { crash } : {}),
      ...(started !== undefined ? { started: [started] } : {}),
      ...(awaiting ? { awaiting: true as const } : {}),
    };
    this.awaiting = false;
    const transfer = [...this.transfer];
    this.logs = [];
    this.outcomes = [];
    this.transfer = new Set();
    this.lastFlushAt = this.now();
    if (this.logTimer !== undefined) clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.outcomeTimer !== undefined) clearTimeout(this.outcomeTimer);
    this.outcomeTimer = undefined;
    this.report(report, transfer);
  }
}
