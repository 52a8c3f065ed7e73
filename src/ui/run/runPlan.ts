// What a partial re-run executes: pure planning over documents and the shown run's task states.
// No store, no React, no engine execution.
import type { TaskDocument, TaskRunState, WorkflowDocument } from '../../engine/index.ts';

/** A partial run ready to execute: its document and the completed states to seed into the store. */
export interface PartialRunPlan {
  ok: true;
  /** The tasks that run now plus the completed tasks they read from (restored, never re-run). */
  document: WorkflowDocument;
  /** Completed states of every task in `document` outside the rerun set. */
  seeds: TaskRunState[];
  /** Names that run now. */
  rerun: string[];
}

export interface PartialRunRefusal {
  ok: false;
  message: string;
}

export type PartialRunMode = 'from-here' | 'this-task';

/** `name` and every task that depends on it, directly or not. */
export function downstreamOf(doc: WorkflowDocument, name: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const t of doc.tasks) {
    for (const dep of t.dependsOn) {
      const list = children.get(dep);
      if (list) list.push(t.name);
      else children.set(dep, [t.name]);
    }
  }
  const out = new Set<string>([name]);
  const stack = [name];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        stack.push(child);
      }
    }
  }
  return out;
}

/**
 * Plans "Run from here" (the selected task and its downstream closure) or "Run this task" (only
 * the selected task) on the CURRENT document. Every other task that a rerun task reads from must
 * have completed in the shown run: its state is seeded so the engine restores it (result included)
 * and never runs it. Completed tasks outside the rerun set are kept too, so their results stay
 * with the new run. Refuses with a message naming the first input that was never produced.
 */
export function planPartialRun(
  doc: WorkflowDocument,
  shown: Readonly<Record<string, TaskRunState>>,
  selected: string,
  mode: PartialRunMode,
): PartialRunPlan | PartialRunRefusal {
  if (!doc.tasks.some((t) => t.name === selected)) {
    return { ok: false, message: `Task "${selected}" is not in the workflow` };
  }
  const rerun = mode === 'this-task' ? new Set([selected]) : downstreamOf(doc, selected);
  const missing: string[] = [];
  for (const t of doc.tasks) {
    if (!rerun.has(t.name)) continue;
    for (const dep of t.dependsOn) {
      if (!rerun.has(dep) && shown[dep]?.status !== 'completed' && !missing.includes(dep)) {
        missing.push(dep);
      }
    }
  }
  if (missing.length > 0) {
    const list = missing.map((n) => `"${n}"`).join(', ');
    const what = missing.length === 1 ? 'input' : 'inputs';
    return {
      ok: false,
      message: `Cannot run "${selected}": its ${what} ${list} never produced a result in this run. Run the workflow (or ${missing.length === 1 ? 'that task' : 'those tasks'}) first.`,
    };
  }
  const tasks: TaskDocument[] = [];
  const seeds: TaskRunState[] = [];
  for (const t of doc.tasks) {
    if (rerun.has(t.name)) {
      tasks.push(t);
      continue;
    }
    const state = shown[t.name];
    if (state?.status !== 'completed') continue;
    // Restored tasks never run, so their own inputs do not matter: drop their edges.
    tasks.push({ ...t, dependsOn: [] });
    seeds.push(state);
  }
  return {
    ok: true,
    document: { ...doc, tasks },
    seeds,
    rerun: doc.tasks.filter((t) => rerun.has(t.name)).map((t) => t.name),
  };
}

/**
 * The document "Retry failed" executes: the CURRENT code and options (a fixed task's code is
 * used) of the tasks the run had, edges limited to those tasks, so a partial run retries as the
 * same partial run.
 */
export function retryDocument(current: WorkflowDocument, ran: WorkflowDocument): WorkflowDocument {
  const names = new Set(ran.tasks.map((t) => t.name));
  const tasks: TaskDocument[] = current.tasks
    .filter((t) => names.has(t.name))
    .map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => names.has(d)) }));
  return { ...current, id: ran.id, tasks };
}
