import type { Edge, Node } from '@xyflow/react';
import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';

/** Data a task node renders; text only, never markup. Run status comes from the run slice. */
export interface TaskNodeData extends Record<string, unknown> {
  name: string;
  description?: string;
  hasCode: boolean;
}

export type TaskNode = Node<TaskNodeData, 'task'>;

const GRID_X = 220;
const GRID_Y = 130;

/** Node id for a task: the name itself is unique within a workflow, and ids are never rendered as markup. */
export function nodeIdOf(taskName: string): string {
  return taskName;
}

/** Converts a document to React Flow nodes and edges; tasks without a position get one by layer. */
export function documentToFlow(doc: WorkflowDocument): { nodes: TaskNode[]; edges: Edge[] } {
  const fallback = fallbackPositions(doc.tasks);
  const nodes: TaskNode[] = doc.tasks.map((task, index) => ({
    id: nodeIdOf(task.name),
    type: 'task',
    position: task.position ?? fallback[index]!,
    data: {
      name: task.name,
      ...(task.description !== undefined ? { description: task.description } : {}),
      hasCode: task.code.trim().length > 0,
    },
  }));
  const edges: Edge[] = doc.tasks.flatMap((task) =>
    task.dependsOn.map((upstream) => ({
      id: `${nodeIdOf(upstream)}->${nodeIdOf(task.name)}`,
      source: nodeIdOf(upstream),
      target: nodeIdOf(task.name),
    })),
  );
  return { nodes, edges };
}

/** Longest-path depth for tasks listed after their dependencies; others fall back to row 0. */
function fallbackPositions(tasks: readonly TaskDocument[]): { x: number; y: number }[] {
  const depth = new Map<string, number>();
  const perDepth = new Map<number, number>();
  return tasks.map((task) => {
    const d = task.dependsOn.reduce((max, dep) => Math.max(max, (depth.get(dep) ?? -1) + 1), 0);
    depth.set(task.name, d);
    const column = perDepth.get(d) ?? 0;
    perDepth.set(d, column + 1);
    return { x: column * GRID_X, y: d * GRID_Y };
  });
}
