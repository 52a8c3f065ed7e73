import type { RunEvent, TaskStatus } from '../engine/index.ts';
import { describeMap, instanceName, MapProgress } from './mapProgress.ts';

/** Where progress goes: stderr, so `--json` output on stdout stays machine-readable. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const TERMINAL: readonly TaskStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];
const REDRAW_MS = 100;

/**
 * Turns run events into progress output: a live block redrawn in place on a terminal, plain
 * lines per finished task otherwise. With `verbose`, task logs are printed prefixed by task name.
 */
export class ProgressReporter {
  private readonly counts = new Map<TaskStatus, number>();
  private readonly running = new Set<string>();
  private total = 0;
  private startedAt = Date.now();
  private drawnLines = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly maps: MapProgress;

  constructor(
    private readonly out: ProgressStream,
    private readonly options: { verbose: boolean; now?: () => number },
  ) {
    this.maps = new MapProgress({
      verbose: options.verbose,
      live: out.isTTY === true,
      now: () => this.now,
    });
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Feed every run event here. */
  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'run-started':
        this.startedAt = event.at;
        this.total = event.tasks.length;
        this.counts.set('completed', event.restored.length);
        this.line(
          `run ${event.runId}: ${event.tasks.length} tasks` +
            (event.resumed ? `, resumed with ${event.restored.length} restored` : ''),
        );
        if (this.out.isTTY) this.timer = setInterval(() => this.redraw(), REDRAW_MS).unref();
        break;
      case 'task-status': {
        const { map } = event.state;
        this.maps.task(event.task, map, TERMINAL.includes(event.status));
        this.onStatus(
          event.task,
          event.status,
          event.previous,
          event.state.durationMs,
          event.state.error && describeError(event.state.error),
          map && `${event.task} ${describeMap(map)}`,
        );
        break;
      }
      case 'task-instance':
        for (const line of this.maps.instance(event, formatMs)) this.line(line);
        break;
      case 'task-log':
        if (this.options.verbose)
          this.line(`[${named(event.task, event.instance)}] ${event.line.message}`);
        break;
      case 'task-retry':
        this.line(
          `retry ${named(event.task, event.instance)} (attempt ${event.attempt + 1}) in ${event.delayMs} ms: ${event.error.message}`,
        );
        break;
      case 'run-finished':
        this.stop();
        this.line(
          `run ${event.status}${event.result.timedOut ? ' (timed out)' : ''}${handledNote(event.result.handledFailures)} in ${formatMs(event.result.durationMs)}: ${this.summary()}`,
        );
        break;
      default: {
        const never: never = event;
        return never;
      }
    }
  };

  /** Stops redrawing (also on interrupt). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearBlock();
  }

  private onStatus(
    task: string,
    status: TaskStatus,
    previous: TaskStatus,
    durationMs?: number,
    error?: string,
    label = task,
  ) {
    if (previous !== status && TERMINAL.includes(previous)) this.bump(previous, -1);
    if (status === 'running') this.running.add(task);
    else this.running.delete(task);
    if (!TERMINAL.includes(status)) return;
    this.bump(status, 1);
    if (!this.out.isTTY || status === 'failed') {
      const took = durationMs === undefined ? '' : ` (${formatMs(durationMs)})`;
      this.line(`${status.padEnd(9)} ${label}${took}${error ? `: ${error}` : ''}`);
    }
  }

  private bump(status: TaskStatus, by: number) {
    this.counts.set(status, (this.counts.get(status) ?? 0) + by);
  }

  private summary(): string {
    const parts = TERMINAL.map((s) => `${this.counts.get(s) ?? 0} ${s}`);
    return `${parts.join(', ')} of ${this.total}`;
  }

  private line(text: string) {
    this.clearBlock();
    this.out.write(`${text}\n`);
    if (this.timer) this.redraw();
  }

  private redraw() {
    this.clearBlock();
    const elapsed = formatMs(this.now - this.startedAt);
    const names = [...this.running].slice(0, 4).join(', ');
    const more = this.running.size > 4 ? ` +${this.running.size - 4}` : '';
    const block = [
      `${elapsed}  ${this.summary()}`,
      `running ${this.running.size}: ${names}${more}`,
      ...this.maps.block(),
    ];
    this.out.write(`${block.join('\n')}\n`);
    this.drawnLines = block.length;
  }

  private clearBlock() {
    if (!this.out.isTTY || this.drawnLines === 0) return;
    this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }
}

interface ErrorChain {
  message: string;
  code?: string;
  cause?: ErrorChain;
}

/** A task's error for a progress line; says so when the sandbox refused what the task tried. */
export function describeError(error: ErrorChain): string {
  for (let link: ErrorChain | undefined = error; link; link = link.cause) {
    if (link.code === 'ERR_ACCESS_DENIED')
      return `${error.message} (ERR_ACCESS_DENIED: not allowed under --sandbox)`;
  }
  return error.message;
}

/** A task, or an instance of a mapped task (`transform[7]`). */
function named(task: string, instance: number | undefined): string {
  return instance === undefined ? task : instanceName(task, instance);
}

/** `850 ms`, `12.4 s`, `3 m 05 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * " — 1 failure handled (extract)": failures of a run that still completed, because its leaves
 * decide (a `one_failed` or `all_done` leaf handled them). Empty otherwise.
 */
function handledNote(handled: readonly string[] | undefined): string {
  if (!handled || handled.length === 0) return '';
  const names = handled.slice(0, 3).join(', ') + (handled.length > 3 ? ', …' : '');
  return ` — ${handled.length} failure${handled.length === 1 ? '' : 's'} handled (${names})`;
}
