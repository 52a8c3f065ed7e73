// Workflow → document. Reads only the workflow's public surface.
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from './document.ts';
import type { TaskDocument, WorkflowDocument } from './types.ts';
import type { Workflow } from './Workflow.ts';

/**
 * The workflow as a plain JSON document. Function tasks become code that calls the function's
 * source, which round-trips only for functions that do not close over outer variables.
 */
export function workflowToDocument(wf: Workflow): WorkflowDocument {
  const tasks = wf.tasks.map((t): TaskDocument => {
    const code = t.code ?? `return (${t.fn!.toString()})(inputs, ctx);`;
    const entry: TaskDocument = {
      name: t.name,
      code,
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
  return doc;
}
