// Longest-path layering for display. Pure: never touches tasks, run state or the graph itself.
import type { IndexedGraph } from './IndexedGraph.ts';
import { topologicalOrder } from './topologicalOrder.ts';

/**
 * Depth of every node: 0 for roots, otherwise 1 + the deepest upstream (longest path). Throws
 * when the graph has a cycle, since depth is then undefined. O(V+E).
 */
export function depths(graph: IndexedGraph): Int32Array {
  const order = topologicalOrder(graph);
  if (order.length < graph.names.length) throw new Error('layers: the graph has a cycle');
  const depth = new Int32Array(graph.names.length);
  for (const i of order) {
    let d = 0;
    for (const u of graph.upstream[i]!) if (depth[u]! + 1 > d) d = depth[u]! + 1;
    depth[i] = d;
  }
  return depth;
}

/**
 * Node indices grouped by longest-path depth; within a layer, insertion order. This is the
 * execution plan shown to users — the scheduler itself never waits for a layer. O(V+E).
 */
export function layers(graph: IndexedGraph): number[][] {
  const depth = depths(graph);
  const result: number[][] = [];
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i]!;
    while (result.length <= d) result.push([]);
    result[d]!.push(i);
  }
  return result;
}
