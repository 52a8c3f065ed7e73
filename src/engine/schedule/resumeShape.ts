// Before a resume: is the stored run a run of this workflow? The workflow id defaults to its name,
// so another workflow with the same name (or a changed one) finds a run id it never ran.
import { documentCodeOf } from '../model/toDocument.ts';
import { TaskStatus } from '../model/status.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { StoredRun } from '../storage/StateStore.ts';

/** How a stored run compares with the workflow about to resume it. */
export type ResumeShape =
  /** Same tasks and dependencies, and every task to restore has the same code. */
  | { kind: 'same' }
  /** The record holds no workflow snapshot (an older or foreign store): nothing to compare. */
  | { kind: 'unchecked' }
  /** What differs, one line each (at most a few names per line). */
  | { kind: 'different'; differences: string[] };

const SHOWN = 5;

/**
 * Compares the workflow with the snapshot stored with the run (`run.document`): its task names,
 * each task's direct upstream tasks (as a set, so repeats merged on load do not count), and the
 * code of each task the resume would restore (stored as `completed`): a restored result must come
 * from the code that would run. The code of a task that failed or did not run may differ — fixing
 * it and resuming is what a resume is for. Positions, descriptions and options do not count.
 * O(V+E) plus the code of the completed tasks.
 */
export function compareResumeShape(workflow: Workflow, stored: StoredRun): ResumeShape {
  const doc = stored.run.document;
  if (!doc || !Array.isArray(doc.tasks)) return { kind: 'unchecked' };
  const before = new Map(doc.tasks.map((t) => [t.name, t]));
  const differences: string[] = [];
  const gone = doc.tasks.filter((t) => !workflow.getTask(t.name)).map((t) => t.name);
  const added = workflow.tasks.filter((t) => !before.has(t.name)).map((t) => t.name);
  if (gone.length > 0) differences.push(`tasks only in the stored run: ${list(gone)}`);
  if (added.length > 0) differences.push(`tasks only in this workflow: ${list(added)}`);
  const rewired: string[] = [];
  const recoded: string[] = [];
  for (const task of workflow.tasks) {
    const old = before.get(task.name);
    if (!old) continue;
    if (!sameSet(old.dependsOn, workflow.getDependencies(task.name))) rewired.push(task.name);
    const state = Object.hasOwn(stored.tasks, task.name) ? stored.tasks[task.name] : undefined;
    if (state?.status === TaskStatus.Completed && old.code !== documentCodeOf(task))
      recoded.push(task.name);
  }
  if (rewired.length > 0) differences.push(`other dependencies: ${list(rewired)}`);
  if (recoded.length > 0) differences.push(`other code in completed tasks: ${list(recoded)}`);
  return differences.length > 0 ? { kind: 'different', differences } : { kind: 'same' };
}

/** The message of `E_RESUME_MISMATCH`. */
export function resumeMismatchMessage(workflow: Workflow, runId: string, differences: string[]) {
  return (
    `Run "${runId}" in the store was recorded for a different workflow than "${workflow.name}" ` +
    `(id "${workflow.id}"): ${differences.join('; ')}. Resuming would restore results that do ` +
    'not belong to it. Use another run id (or another state file), give the workflow its own ' +
    'id, or force the resume (forceResume; the CLI: --force).'
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const name of left) if (!right.has(name)) return false;
  return true;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).map((n) => JSON.stringify(n));
  return names.length > SHOWN
    ? `${shown.join(', ')} and ${names.length - SHOWN} more`
    : shown.join(', ');
}
