// Dynamic task mapping (`mapOver`): the instance limit, instance counts and how an instance's
// state is keyed in a state store. Pure helpers shared by the scheduler, the stores and the UI.
import { TASK_STATUSES, type TaskStatus } from './status.ts';
import type { MapSummary, TaskInstanceState } from './types.ts';

/** Most instances of mapped tasks one run starts unless the workflow or `execute` says otherwise. */
export const DEFAULT_MAX_MAP_INSTANCES = 1000;

/** Counts with every status at 0. */
export function emptyInstanceCounts(): Record<TaskStatus, number> {
  const counts = {} as Record<TaskStatus, number>;
  for (const status of TASK_STATUSES) counts[status] = 0;
  return counts;
}

/**
 * The summary of a mapped task from its instance states (e.g. those of a stored run). `total`
 * defaults to the number of states; instances not among them count as `pending`.
 */
export function summarizeInstances(
  states: readonly Pick<TaskInstanceState, 'status'>[],
  total = states.length,
): MapSummary {
  const counts = emptyInstanceCounts();
  for (const state of states) counts[state.status]++;
  counts.pending += Math.max(0, total - states.length);
  return { total, counts };
}

/** The statuses a summary in words names after `done`, failures first. */
const SUMMARY_ORDER: readonly TaskStatus[] = [
  'failed',
  'running',
  'retrying',
  'skipped',
  'cancelled',
];

/**
 * A summary in words, e.g. `37 done · 2 failed · 1 running` (done = completed, then failed,
 * running, retrying, skipped, cancelled; statuses with no instance left out, pending never named;
 * `0 done` when nothing has ended).
 */
export function describeMapSummary(summary: MapSummary): string {
  const { counts } = summary;
  const parts: string[] = [`${counts.completed.toLocaleString('en-US')} done`];
  for (const status of SUMMARY_ORDER) {
    if (counts[status] > 0) parts.push(`${counts[status].toLocaleString('en-US')} ${status}`);
  }
  return parts.join(' · ');
}

/**
 * Where a store keeps instance `index` of task `task`: a task-state key and a log key no task name
 * can be (a task name never starts with whitespace). Stores give these back in
 * `StoredRun.instances`; read an instance's logs with `store.getLogs(wf, run, instanceKey(task, i))`.
 */
export function instanceKey(task: string, index: number): string {
  return ` #${index} ${task}`;
}

/** The task and index of an {@link instanceKey}, or `undefined` for a task's own name. */
export function parseInstanceKey(key: string): { task: string; index: number } | undefined {
  if (!key.startsWith(' #')) return undefined;
  const space = key.indexOf(' ', 2);
  if (space < 3) return undefined;
  const index = Number(key.slice(2, space));
  if (!Number.isInteger(index) || index < 0) return undefined;
  return { task: key.slice(space + 1), index };
}
