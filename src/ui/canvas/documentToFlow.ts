import { Position, type Edge, type Node } from '@xyflow/react';
import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';
import type { LayoutDirection } from '../store/uiSlice.ts';

/** Data a task node renders; text only, never markup. Run status comes from the run slice. */
export interface TaskNodeData extends Record<string, unknown> {
  name: string;
  description?: string;
  hasCode: boolean;
  /** A branch or short-circuit task: it decides which tasks downstream of it run. */
  decides?: Decides;
  /** A mapped task (`mapOver`): the upstream whose array it runs once per item of. */
  mapOver?: string;
}

export type Decides = 'branch' | 'short circuit';

/** The mark a deciding task carries on the canvas and in the SVG export (a 16×16 stroked path). */
export const DECIDES_MARK: Readonly<Record<Decides, string>> = {
  branch: 'M4 1v14M4 10c0-4 8-3 8-9',
  'short circuit': 'M1 9h4l6-5M11 9h4',
};

/** The node data's `decides` entry of a task (empty for a plain task). */
export function decidesOf(task: TaskDocument): { decides?: Decides } {
  if (task.branch) return { decides: 'branch' };
  return task.shortCircuit ? { decides: 'short circuit' } : {};
}

/** What a task node draws of `task` (text only). */
export function taskNodeData(task: TaskDocument): TaskNodeData {
  return {
    name: task.name,
    ...(task.description !== undefined ? { description: task.description } : {}),
    hasCode: task.code.trim().length > 0,
    ...decidesOf(task),
    ...(task.mapOver !== undefined ? { mapOver: task.mapOver } : {}),
  };
}

export type TaskNode = Node<TaskNodeData, 'task'>;

const GRID_X = 220;
const GRID_Y = 130;

const ESTIMATED = { width: 190, height: 50, handle: 10 };

/** The size a task node is drawn at before it is measured (to place a new one around a point). */
export const ESTIMATED_SIZE: { readonly width: number; readonly height: number } = ESTIMATED;

type Estimate = Pick<TaskNode, 'initialWidth' | 'initialHeight' | 'handles'>;

function estimate(direction: LayoutDirection): Estimate {
  const { width, height, handle } = ESTIMATED;
  const across = direction === 'LR';
  // Handle boxes centred on the side each end uses: top/bottom (TD), left/right (LR).
  const box = (side: Position, x: number, y: number) => ({
    position: side,
    x: x - handle / 2,
    y: y - handle / 2,
    width: handle,
    height: handle,
  });
  return {
    initialWidth: width,
    initialHeight: height,
    handles: [
      {
        type: 'target',
        ...(across ? box(Position.Left, 0, height / 2) : box(Position.Top, width / 2, 0)),
      },
      {
        type: 'source',
        ...(across
          ? box(Position.Right, width, height / 2)
          : box(Position.Bottom, width / 2, height)),
      },
    ],
  };
}

const ESTIMATES: Readonly<Record<LayoutDirection, Estimate>> = {
  TD: estimate('TD'),
  LR: estimate('LR'),
};

/**
 * What a node that was never drawn carries: an estimated size and handle positions on the sides
 * the layout direction uses. React Flow otherwise force-renders every unmeasured node once (to
 * measure its handles), so opening a 2,000-task graph would mount 2,000 nodes in one frame even
 * with `onlyRenderVisibleElements`. `withoutEstimates` drops it once the node is measured.
 */
export function unmeasured(direction: LayoutDirection = 'TD'): Estimate {
  return ESTIMATES[direction];
}

/** The nodes never drawn yet with the estimates of `direction` (drawn ones are left as they are). */
export function withEstimatesFor(nodes: TaskNode[], direction: LayoutDirection): TaskNode[] {
  const handles = ESTIMATES[direction].handles!;
  let changed = false;
  const next = nodes.map((n) => {
    if (!n.handles || n.handles === handles) return n;
    changed = true;
    return { ...n, handles };
  });
  return changed ? next : nodes;
}

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

/** `%` and `>` escaped, so a name never holds the `->` that joins two names in an edge id. */
const edgeIdPart = (taskName: string) =>
  nodeIdOf(taskName).replace(/%/g, '%25').replace(/>/g, '%3E');

/**
 * Edge id of upstream → downstream, distinct for every pair of names. Joining raw names gave the
 * edges c → "a->b" and "c->a" → b one id: React keeps one element per key, so one of them went
 * undrawn and, once the graph was replaced, the other stayed on the canvas as a ghost.
 */
export function edgeIdOf(upstream: string, downstream: string): string {
  return `${edgeIdPart(upstream)}->${edgeIdPart(downstream)}`;
}

/** Converts a document to React Flow nodes and edges; tasks without a position get one by layer. */
export function documentToFlow(
  doc: WorkflowDocument,
  direction: LayoutDirection = 'TD',
): { nodes: TaskNode[]; edges: Edge[] } {
  const fallback = fallbackPositions(doc.tasks);
  const nodes: TaskNode[] = doc.tasks.map((task, index) => ({
    id: nodeIdOf(task.name),
    type: 'task',
    ...unmeasured(direction),
    position: task.position ?? fallback[index]!,
    data: taskNodeData(task),
  }));
  const edges: Edge[] = doc.tasks.flatMap((task) =>
    task.dependsOn.map((upstream) => ({
      id: edgeIdOf(upstream, task.name),
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
