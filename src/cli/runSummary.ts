// The short summary a plain `flowweaver run` prints on stdout at the end: each task's outcome and
// its result cut to one short line. Compact for big workflows: every failure (up to a cap), then
// the first tasks in workflow order, then how many more there are (`--json` has them all).
import type { RunResult, TaskRunState } from '../engine/index.ts';
import { describeMap } from './mapProgress.ts';

/** Limits of the summary. */
export interface SummaryLimits {
  /** Tasks listed besides failures (default 20). */
  maxTasks?: number;
  /** Failures listed (default 50). */
  maxFailures?: number;
  /** Characters of a result or error shown (default 60). */
  maxValueChars?: number;
}

/** The summary text (ends with a newline). */
export function formatRunSummary(result: RunResult, limits: SummaryLimits = {}): string {
  const { maxTasks = 20, maxFailures = 50, maxValueChars = 60 } = limits;
  const tasks = Object.values(result.tasks);
  const failed = tasks.filter((t) => t.status === 'failed');
  const others = tasks.filter((t) => t.status !== 'failed');
  const shown = [...failed.slice(0, maxFailures), ...others.slice(0, maxTasks)];
  const width = Math.min(24, Math.max(4, ...shown.map((t) => t.name.length)));
  const lines = [`run ${result.status}, tasks: ${counts(tasks)}`];
  for (const task of shown) {
    const name = truncate(task.name, 24).padEnd(width);
    const value = describe(task, maxValueChars);
    lines.push(`  ${task.status.padEnd(9)} ${name}${value ? `  ${value}` : ''}`);
  }
  const hidden = tasks.length - shown.length;
  if (hidden > 0) lines.push(`  … ${hidden} more (--json lists every task)`);
  return `${lines.join('\n')}\n`;
}

/** `8 completed, 1 failed` (statuses with none left out). */
function counts(tasks: readonly TaskRunState[]): string {
  const byStatus = new Map<string, number>();
  for (const t of tasks) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  return [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ') || 'no tasks';
}

/**
 * A task's result (JSON), error message or skip reason, on one line and cut to `max`; a mapped
 * task's instance counts first (`×100: 98 done · 2 failed`).
 */
function describe(task: TaskRunState, max: number): string {
  const own = describeOwn(task, max);
  if (task.map === undefined) return own;
  return `${describeMap(task.map)}${own ? `  ${own}` : ''}`;
}

function describeOwn(task: TaskRunState, max: number): string {
  if (task.status === 'failed') return truncate(task.error?.message ?? '', max);
  if (task.status === 'skipped') return truncate(task.skipMessage ?? '', max);
  if (task.status !== 'completed' || task.result === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(task.result) ?? String(task.result);
  } catch {
    text = String(task.result);
  }
  return truncate(text, max) + (task.restored ? ' (restored)' : '');
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
