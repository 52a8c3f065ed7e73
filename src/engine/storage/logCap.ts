// Per-task log capping shared by every store: a chatty task must not fill the disk, and the
// reader must learn that lines are missing rather than see a silently shortened log.
import type { LogLine } from '../model/types.ts';

/** Default cap of stored log lines per task and run. */
export const DEFAULT_MAX_LOG_LINES = 1000;

/** The stored log of one task: the newest `cap` lines plus how many older ones were dropped. */
export interface LogBucket {
  lines: LogLine[];
  dropped: number;
}

/**
 * Appends lines and drops the oldest beyond `cap`. The newest lines are kept because the end
 * of a log (the error, the last progress line) is what a reader of a failed task needs.
 */
export function appendCapped(
  bucket: LogBucket | undefined,
  lines: readonly LogLine[],
  cap: number,
): LogBucket {
  const all = [...(bucket?.lines ?? []), ...lines];
  const excess = Math.max(0, all.length - cap);
  return { lines: excess > 0 ? all.slice(excess) : all, dropped: (bucket?.dropped ?? 0) + excess };
}

/**
 * Appends a bucket that was capped on its own (a batch's lines of a task, the lines kept in
 * memory) to another, keeping both drop counts.
 */
export function appendBucket(
  bucket: LogBucket | undefined,
  next: LogBucket,
  cap: number,
): LogBucket {
  const merged = appendCapped(bucket, next.lines, cap);
  return { lines: merged.lines, dropped: merged.dropped + next.dropped };
}

/** The lines a reader sees: a leading note when lines were dropped, then the kept lines. */
export function readableLines(bucket: LogBucket | undefined): LogLine[] {
  if (!bucket) return [];
  if (bucket.dropped === 0) return [...bucket.lines];
  const note: LogLine = {
    ts: bucket.lines[0]?.ts ?? 0,
    level: 'warn',
    message: `… ${bucket.dropped} earlier line${bucket.dropped === 1 ? '' : 's'} dropped (at most ${bucket.lines.length} lines are kept per task)`,
  };
  return [note, ...bucket.lines];
}

/** A unique, unambiguous map key for a tuple of ids (no separator can collide with an id). */
export function tupleKey(...parts: string[]): string {
  return JSON.stringify(parts);
}
