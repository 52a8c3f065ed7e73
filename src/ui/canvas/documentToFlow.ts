import { Position, type Edge, type Node } from '@xyflow/react';
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

const ESTIMATED = { width: 190, height: 50, handle: 8 };

/**
 * What a node that was never drawn carries: an estimated size and handle positions. React Flow
 * otherwise force-renders every unmeasured node once (to measure its handles), so opening a
 * 2,000-task graph would mount 2,000 nodes in one frame even with `onlyRenderVisibleElements`.
 * The estimate assumes top-down handles; `withoutEstimates` drops it once the node is measured.
 */
export const UNMEASURED: Pick<TaskNode, 'initialWidth' | 'initialHeight' | 'handles'> = {
  initialWidth: ESTIMATED.width,
  initialHeight: ESTIMATED.height,
  handles: [
    {
      type: 'target',
      position: Position.Top,
      x: ESTIMATED.width / 2 - ESTIMATED.handle / 2,
      y: -ESTIMATED.handle / 2,
      width: ESTIMATED.handle,
      height: ESTIMATED.handle,
    },
    {
      type: 'source',
      position: Position.Bottom,
      x: ESTIMATED.width / 2 - ESTIMATED.handle / 2,
      y: ESTIMATED.height - ESTIMATED.handle / 2,
      width: ESTIMATED.handle,
      height: ESTIMATED.handle,
    },
  ],
};

/** Nodes measured by React Flow lose their estimated handles, so the measured ones are used. */
export function withoutEstimates(nodes: TaskNode[], measuredIds: ReadonlySet<string>): TaskNode[] {
  if (measuredIds.size === 0) return nodes;
  return nodes.map((n) => {
    if (!n.handles || !measuredIds.has(n.id)) return n;
    const { handles: _estimate, initialWidth: _w, initialHeight: _h, ...measured } = n;
    return measured;
  });
}

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
    ...UNMEASURED,
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
export function fallbackPositions(tasks: readonly TaskDocument[]): { x: number; y: number }[] {
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
