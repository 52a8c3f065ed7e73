// Test fixture: a workflow document from a compact `name → dependsOn` map.
import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';

/** `docOf({ a: [], b: ['a'] })`; with `spacing`, tasks are stacked that many pixels apart. */
export function docOf(deps: Record<string, string[]>, spacing?: number): WorkflowDocument {
  const tasks: TaskDocument[] = Object.entries(deps).map(([name, dependsOn], i) => ({
    name,
    code: '',
    dependsOn,
    ...(spacing === undefined ? {} : { position: { x: 0, y: i * spacing } }),
  }));
  return { format: 'flowweaver.workflow', version: 2, id: 'w', name: 'w', tasks };
}
