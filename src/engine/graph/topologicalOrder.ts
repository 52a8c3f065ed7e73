// Kahn's algorithm over an IndexedGraph. Pure: never touches tasks, run state or the graph itself.
import type { IndexedGraph } from './IndexedGraph.ts';

/**
 * Node indices in dependency order, ties broken by insertion order of the ready nodes. When the
 * graph has a cycle the nodes on or behind it are missing, so `order.length < names.length`
 * signals a cycle (use `findCycle` for the path). O(V+E).
 */
export function topologicalOrder(graph: IndexedGraph): number[] {
  const n = graph.names.length;
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = graph.upstream[i]!.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  // `order` doubles as the FIFO queue: nodes are appended once their last upstream is placed.
  for (let head = 0; head < order.length; head++) {
    for (const d of graph.downstream[order[head]!]!) {
      if (--indegree[d]! === 0) order.push(d);
    }
  }
  return order;
}
