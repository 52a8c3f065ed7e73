// Pure: what a mapped task's progress says (the canvas node, the drawer, the Runs tab).
import type { MapSummary, TaskStatus } from '../../engine/index.ts';

/** Statuses an instance ends in, in the order the bar and the words list them. */
export const ENDED: readonly TaskStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];

/** The bar's segments, in order: ended statuses, then the running ones (retrying with running). */
export const SEGMENTS: readonly TaskStatus[] = [...ENDED, 'running', 'retrying'];

/** Instances that have ended (completed, failed, skipped or cancelled). */
export function endedCount(summary: MapSummary): number {
  return ENDED.reduce((n, s) => n + summary.counts[s], 0);
}

const n = (value: number) => value.toLocaleString('en-US');

/** The short progress, e.g. `37 / 100`. */
export function mapProgressShort(summary: MapSummary): string {
  return `${n(endedCount(summary))} / ${n(summary.total)}`;
}

/**
 * The progress in words, e.g. `37 of 100 instances done: 35 completed, 2 failed, 1 running`
 * (statuses with no instance left out).
 */
export function mapProgressText(summary: MapSummary): string {
  const parts = SEGMENTS.filter((s) => summary.counts[s] > 0).map(
    (s) => `${n(summary.counts[s])} ${s}`,
  );
  const head = `${n(endedCount(summary))} of ${n(summary.total)} ${summary.total === 1 ? 'instance' : 'instances'} done`;
  return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head;
}
