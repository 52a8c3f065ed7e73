// Workflow → document. Reads only the workflow's public surface.
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from './document.ts';
import type { TaskDocument, WorkflowDocument } from './types.ts';
import type { Task } from './Task.ts';
import type { Workflow } from './Workflow.ts';

/** A task's code as its document holds it: a function task calls the function's source. */
export function documentCodeOf(task: Pick<Task, 'code' | 'fn'>): string {
  return task.code ?? `return (${task.fn!.toString()})(inputs, ctx);`;
}

/**
 * The workflow as a plain JSON document. Function tasks become code that calls the function's
 * source, which round-trips only for functions that do not close over outer variables.
 */
export function workflowToDocument(wf: Workflow): WorkflowDocument {
  const tasks = wf.tasks.map((t): TaskDocument => {
    const entry: TaskDocument = {
      name: t.name,
      code: documentCodeOf(t),
      dependsOn: [...wf.getDependencies(t.name)],
      ...t.portableOptions,
    };
    if (t.position) entry.position = { ...t.position };
    return entry;
  });
  const doc: WorkflowDocument = {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    id: wf.id,
    name: wf.name,
    tasks,
  };
  if (wf.description !== undefined) doc.description = wf.description;
  if (wf.timeoutMs !== undefined) doc.timeoutMs = wf.timeoutMs;
  if (wf.maxMapInstances !== undefined) doc.maxMapInstances = wf.maxMapInstances;
  if (wf.params.length > 0) doc.params = wf.params.map((p) => ({ ...p }));
  return doc;
}
