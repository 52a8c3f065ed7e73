// Pure edits of a WorkflowDocument: each returns a new document and never mutates its input.
import type { CanvasPosition, TaskDocument, WorkflowDocument } from '../../engine/index.ts';

/** The first free name `base_1`, `base_2`, … not in `taken`. */
export function uniqueName(taken: ReadonlySet<string>, base = 'task'): string {
  for (let i = 1; ; i++) {
    const name = `${base}_${i}`;
    if (!taken.has(name)) return name;
  }
}

export function taskNames(doc: WorkflowDocument): Set<string> {
  return new Set(doc.tasks.map((t) => t.name));
}

/** Adds an empty task at `position`, named `task_N` unless a name is given. */
export function addTask(
  doc: WorkflowDocument,
  position: CanvasPosition,
  name = uniqueName(taskNames(doc)),
): WorkflowDocument {
  const task: TaskDocument = { name, code: 'return null;', dependsOn: [], position };
  return { ...doc, tasks: [...doc.tasks, task] };
}

/** Removes tasks and every dependency on them. */
export function removeTasks(doc: WorkflowDocument, names: ReadonlySet<string>): WorkflowDocument {
  if (names.size === 0) return doc;
  const tasks = doc.tasks
    .filter((t) => !names.has(t.name))
    .map((t) =>
      t.dependsOn.some((d) => names.has(d))
        ? { ...t, dependsOn: t.dependsOn.filter((d) => !names.has(d)) }
        : t,
    );
  return { ...doc, tasks };
}

/** Makes `downstream` depend on `upstream` (no-op when it already does). */
export function addDependency(
  doc: WorkflowDocument,
  upstream: string,
  downstream: string,
): WorkflowDocument {
  return mapTask(doc, downstream, (t) =>
    t.dependsOn.includes(upstream) ? t : { ...t, dependsOn: [...t.dependsOn, upstream] },
  );
}

/** Removes dependencies given as `[upstream, downstream]` pairs. */
export function removeDependencies(
  doc: WorkflowDocument,
  pairs: readonly (readonly [string, string])[],
): WorkflowDocument {
  if (pairs.length === 0) return doc;
  const drop = new Set(pairs.map(([u, d]) => `${d}\u0000${u}`));
  const tasks = doc.tasks.map((t) =>
    t.dependsOn.some((u) => drop.has(`${t.name}\u0000${u}`))
      ? { ...t, dependsOn: t.dependsOn.filter((u) => !drop.has(`${t.name}\u0000${u}`)) }
      : t,
  );
  return { ...doc, tasks };
}

/** Fields of a task the inspector edits (everything except name and dependencies). */
export type TaskPatch = {
  [K in keyof Omit<TaskDocument, 'name' | 'dependsOn'>]?: TaskDocument[K] | undefined;
};

/** Applies a patch; keys whose value is `undefined` are removed from the task. */
export function updateTask(
  doc: WorkflowDocument,
  name: string,
  patch: TaskPatch,
): WorkflowDocument {
  return mapTask(doc, name, (t) => {
    const next: Record<string, unknown> = { ...t };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    return next as unknown as TaskDocument;
  });
}

/** Renames a task and every reference to it in `dependsOn` and `mapOver`. */
export function renameTask(doc: WorkflowDocument, from: string, to: string): WorkflowDocument {
  if (from === to) return doc;
  const tasks = doc.tasks.map((t) => {
    const renamed = t.name === from ? { ...t, name: to } : t;
    if (!renamed.dependsOn.includes(from)) return renamed;
    return {
      ...renamed,
      dependsOn: renamed.dependsOn.map((d) => (d === from ? to : d)),
      ...(renamed.mapOver === from ? { mapOver: to } : {}),
    };
  });
  return { ...doc, tasks };
}

/** Moves tasks; tasks not in the map keep their object identity. */
export function setPositions(
  doc: WorkflowDocument,
  positions: ReadonlyMap<string, CanvasPosition>,
): WorkflowDocument {
  if (positions.size === 0) return doc;
  let changed = false;
  const tasks = doc.tasks.map((t) => {
    const p = positions.get(t.name);
    if (!p || (p.x === t.position?.x && p.y === t.position?.y)) return t;
    changed = true;
    return { ...t, position: p };
  });
  // Nothing moved: the same document, so a commit adds no undo step (an Auto layout run twice).
  return changed ? { ...doc, tasks } : doc;
}

function mapTask(
  doc: WorkflowDocument,
  name: string,
  fn: (t: TaskDocument) => TaskDocument,
): WorkflowDocument {
  let changed = false;
  const tasks = doc.tasks.map((t) => {
    if (t.name !== name) return t;
    const next = fn(t);
    changed ||= next !== t;
    return next;
  });
  return changed ? { ...doc, tasks } : doc;
}
