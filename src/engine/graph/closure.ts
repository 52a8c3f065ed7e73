// Transitive ancestors/descendants. Pure: never touches tasks, run state or the graph itself.
import type { IndexedGraph } from './IndexedGraph.ts';

/** Every node the seeds depend on, directly or not (seeds excluded), in insertion order. O(V+E). */
export function upstreamClosure(graph: IndexedGraph, seeds: readonly number[]): number[] {
  return closure(graph.upstream, graph.names.length, seeds);
}

/** Every node that depends on the seeds, directly or not (seeds excluded), in insertion order. O(V+E). */
export function downstreamClosure(graph: IndexedGraph, seeds: readonly number[]): number[] {
  return closure(graph.downstream, graph.names.length, seeds);
}

function closure(edges: IndexedGraph['upstream'], n: number, seeds: readonly number[]): number[] {
  const seen = new Uint8Array(n);
  const stack = [...seeds];
  while (stack.length > 0) {
    for (const w of edges[stack.pop()!]!) {
      if (seen[w] === 0) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  for (const s of seeds) seen[s] = 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (seen[i] === 1) out.push(i);
  return out;
}
