import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';

/** A built-in workflow: the document plus what the gallery says about it. */
export interface Example {
  document: WorkflowDocument;
  /** What the example shows, in a sentence or two. */
  teaches: string;
}

type TaskSpec = Omit<TaskDocument, 'dependsOn'> & { dependsOn?: string[] };

/** Builds an example document; ids are stable so the first-start seed is idempotent. */
export function defineExample(
  slug: string,
  name: string,
  description: string,
  teaches: string,
  tasks: TaskSpec[],
  /** Other document fields (run parameters). */
  extra: Pick<WorkflowDocument, 'params'> = {},
): Example {
  return {
    teaches,
    document: {
      format: 'flowweaver.workflow',
      version: 2,
      id: `example-${slug}`,
      name,
      description,
      tasks: tasks.map((t) => ({ ...t, dependsOn: t.dependsOn ?? [] })),
      ...extra,
    },
  };
}
