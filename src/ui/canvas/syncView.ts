// Keeps React Flow's nodes/edges in step with the document, reusing unchanged objects so
// memoised nodes and edges do not re-render. Pure: no store, no DOM.
import type { Edge } from '@xyflow/react';
import type { TaskDocument, WorkflowDocument } from '../../engine/index.ts';
import type { LayoutDirection } from '../store/uiSlice.ts';
import {
  edgeIdOf,
  fallbackPositions,
  nodeIdOf,
  taskNodeData,
  unmeasured,
  type TaskNode,
  type TaskNodeData,
} from './documentToFlow.ts';

const dataCache = new WeakMap<TaskDocument, TaskNodeData>();

function dataOf(task: TaskDocument): TaskNodeData {
  let data = dataCache.get(task);
  if (!data) {
    data = taskNodeData(task);
    dataCache.set(task, data);
  }
  return data;
}

function sameData(a: TaskNodeData, b: TaskNodeData): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.hasCode === b.hasCode &&
    a.decides === b.decides &&
    a.mapOver === b.mapOver
  );
}

/**
 * The nodes and edges for `doc`, given the previous ones. Selection, measured size and object
 * identity carry over for every task whose data and position did not change. `renames` maps
 * old names to new ones so a renamed task stays selected. A new node's estimated handles sit on the
 * sides `direction` uses.
 */
export function syncView(
  doc: WorkflowDocument,
  prevNodes: readonly TaskNode[],
  prevEdges: readonly Edge[],
  renames: ReadonlyMap<string, string> = new Map(),
  direction: LayoutDirection = 'TD',
): { nodes: TaskNode[]; edges: Edge[] } {
  const estimate = unmeasured(direction);
  // Only tasks without a position need one; most edits touch documents where every task has one.
  const fallback = doc.tasks.every((t) => t.position) ? [] : fallbackPositions(doc.tasks);
  const prevById = new Map<string, TaskNode>();
  for (const n of prevNodes) prevById.set(renames.get(n.id) ?? n.id, n);
  const nodes = doc.tasks.map((task, i): TaskNode => {
    const id = nodeIdOf(task.name);
    const prev = prevById.get(id);
    const data = dataOf(task);
    const position = task.position ?? prev?.position ?? fallback[i]!;
    if (!prev) return { id, type: 'task', ...estimate, position, data };
    const samePos = prev.position.x === position.x && prev.position.y === position.y;
    if (prev.id === id && samePos && (prev.data === data || sameData(prev.data, data))) return prev;
    return { ...prev, id, position, data };
  });
  const prevEdgeById = new Map(prevEdges.map((e) => [e.id, e]));
  const edges = doc.tasks.flatMap((task) =>
    task.dependsOn.map((upstream): Edge => {
      const id = edgeIdOf(upstream, task.name);
      return (
        prevEdgeById.get(id) ?? { id, source: nodeIdOf(upstream), target: nodeIdOf(task.name) }
      );
    }),
  );
  return { nodes, edges };
}
