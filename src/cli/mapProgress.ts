// Progress of mapped tasks (`mapOver`) for the CLI: counts per task instead of a line per
// instance, so a task mapped over 10,000 items prints a few lines, not 10,000.
import { describeMapSummary, type MapSummary, type RunEvent } from '../engine/index.ts';

/** Failed instances printed one by one before the rest are only counted. */
export const SHOWN_INSTANCE_FAILURES = 5;
/** Least time between two count lines of one mapped task (non-terminal output). */
const COUNT_LINE_MS = 1000;

type InstanceEvent = Extract<RunEvent, { type: 'task-instance' }>;

/** `transform[7]`: an instance as progress lines name it. */
export function instanceName(task: string, index: number): string {
  return `${task}[${index}]`;
}

/** `×100: 37 done · 2 failed`, the counts of a mapped task. */
export function describeMap(map: MapSummary): string {
  return `×${map.total.toLocaleString('en-US')}: ${describeMapSummary(map)}`;
}

/**
 * Follows the mapped tasks of a run: what the live block shows, and the lines to print for an
 * instance event (its failure, the first few; every instance with `verbose`; a count line at
 * most once a second per task otherwise).
 */
export class MapProgress {
  private readonly maps = new Map<string, MapSummary>();
  private readonly lastLine = new Map<string, number>();
  private failures = 0;

  constructor(private readonly options: { verbose: boolean; live: boolean; now: () => number }) {}

  /** A mapped task's status changed (its `state.map`); it leaves the live block once it ended. */
  task(name: string, map: MapSummary | undefined, ended: boolean): void {
    if (ended || map === undefined) this.maps.delete(name);
    else this.maps.set(name, map);
  }

  /** The lines an instance event prints (often none). */
  instance(event: InstanceEvent, duration: (ms: number) => string): string[] {
    this.maps.set(event.task, event.map);
    const lines: string[] = [];
    const { status, state } = event;
    const ended = status === 'completed' || status === 'failed' || status === 'skipped';
    const name = instanceName(event.task, event.index);
    const took = state.durationMs === undefined ? '' : ` (${duration(state.durationMs)})`;
    if (status === 'failed' && !this.options.verbose) {
      this.failures++;
      if (this.failures <= SHOWN_INSTANCE_FAILURES)
        lines.push(`failed    ${name}${took}: ${state.error?.message ?? ''}`);
      if (this.failures === SHOWN_INSTANCE_FAILURES)
        lines.push('… further failed instances are counted only (--verbose lists every instance)');
    } else if (ended && this.options.verbose) {
      lines.push(
        `${status.padEnd(9)} ${name}${took}${state.error ? `: ${state.error.message}` : ''}`,
      );
    }
    if (ended && !this.options.live && !this.options.verbose) {
      const now = this.options.now();
      const last = this.lastLine.get(event.task) ?? -Infinity;
      if (now - last >= COUNT_LINE_MS) {
        this.lastLine.set(event.task, now);
        lines.push(`map       ${event.task} ${describeMap(event.map)}`);
      }
    }
    return lines;
  }

  /** Lines of the live block: one per mapped task still running. */
  block(): string[] {
    return [...this.maps].map(([name, map]) => `map ${name} ${describeMap(map)}`);
  }
}
