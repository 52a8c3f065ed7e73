// Copy/paste of tasks as plain data. Pure: no DOM clipboard, no store.
import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';

/** What Ctrl+C keeps: the selected tasks, with dependencies cut down to those inside the selection. */
export interface TaskFragment {
  format: 'flowweaver.fragment';
  tasks: TaskDocument[];
}

/** Copies the named tasks; edges to tasks outside the selection are dropped. */
export function copyTasks(doc: WorkflowDocument, names: ReadonlySet<string>): TaskFragment {
  const tasks = doc.tasks
    .filter((t) => names.has(t.name))
    .map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => names.has(d)) }));
  return { format: 'flowweaver.fragment', tasks };
}

/** `name`, or `name_copy`, `name_copy2`, … — the first not in `taken`. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) {
    const candidate = `${name}_copy${i === 1 ? '' : i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Adds a fragment to a document: clashing names get a `_copy` suffix, dependencies inside the
 * fragment follow the renames (each listed once), positions shift by `offset`. Returns the new
 * names in order.
 */
export function pasteFragment(
  doc: WorkflowDocument,
  fragment: TaskFragment,
  offset: { x: number; y: number },
): { doc: WorkflowDocument; pasted: string[] } {
  const taken = new Set(doc.tasks.map((t) => t.name));
  const renames = new Map<string, string>();
  for (const t of fragment.tasks) {
    const name = copyName(t.name, taken);
    taken.add(name);
    renames.set(t.name, name);
  }
  const added = fragment.tasks.map((t, i): TaskDocument => {
    const base = t.position ?? { x: i * 40, y: i * 40 };
    return {
      ...t,
      name: renames.get(t.name)!,
      // Each upstream once: clipboard text from elsewhere may repeat one (one edge per entry).
      dependsOn: [
        ...new Set(
          t.dependsOn.flatMap((d) => {
            const renamed = renames.get(d);
            return renamed === undefined ? [] : [renamed];
          }),
        ),
      ],
      position: { x: base.x + offset.x, y: base.y + offset.y },
    };
  });
  return { doc: { ...doc, tasks: [...doc.tasks, ...added] }, pasted: added.map((t) => t.name) };
}

/** Reads a fragment from clipboard text; `null` when it is not one. */
export function parseFragment(text: string): TaskFragment | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Partial<TaskFragment>;
    if (v.format !== 'flowweaver.fragment' || !Array.isArray(v.tasks)) return null;
    const ok = v.tasks.every(
      (t) =>
        typeof t === 'object' &&
        t !== null &&
        typeof t.name === 'string' &&
        typeof t.code === 'string' &&
        Array.isArray(t.dependsOn),
    );
    return ok ? (v as TaskFragment) : null;
  } catch {
    return null;
  }
}
