// Cycle detection with the closing path. Pure: never touches tasks, run state or the graph itself.
import type { IndexedGraph } from './IndexedGraph.ts';

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

/**
 * The first cycle found, as names with the first repeated last (`['a','b','c','a']`, following
 * dependency edges upstream → downstream), or `null` for a DAG. Iterative DFS, so deep chains
 * cannot overflow the stack. O(V+E).
 */
export function findCycle(graph: IndexedGraph): string[] | null {
  const n = graph.names.length;
  const color = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const edgeCursor = new Int32Array(n);
  const stack: number[] = [];
  for (let root = 0; root < n; root++) {
    if (color[root] !== WHITE) continue;
    stack.push(root);
    color[root] = GREY;
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      const out = graph.downstream[v]!;
      if (edgeCursor[v]! < out.length) {
        const w = out[edgeCursor[v]!++]!;
        if (color[w] === WHITE) {
          color[w] = GREY;
          parent[w] = v;
          stack.push(w);
        } else if (color[w] === GREY) {
          return closePath(graph.names, parent, v, w);
        }
      } else {
        color[v] = BLACK;
        stack.pop();
      }
    }
  }
  return null;
}

/** Walks parents from `v` back to `w`, giving w → … → v → w. */
function closePath(names: readonly string[], parent: Int32Array, v: number, w: number): string[] {
  const path: number[] = [v];
  for (let x = v; x !== w;) {
    x = parent[x]!;
    path.push(x);
  }
  path.reverse();
  path.push(w);
  return path.map((i) => names[i]!);
}
