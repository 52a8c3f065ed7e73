// The editor's connect check. Pure: never touches tasks, run state or the graph itself.
import type { IndexedGraph } from './IndexedGraph.ts';

/**
 * Whether adding the edge `from → to` (`to` would depend on `from`) closes a loop. Returns the
 * loop as names, `[from, to, …, from]`, or `null` when the edge is safe. A self edge gives
 * `[from, from]`. Breadth-first from `to`, so the path is a shortest one. O(V+E) worst case,
 * usually far less since it only explores what lies downstream of `to`.
 */
export function wouldCreateCycle(graph: IndexedGraph, from: number, to: number): string[] | null {
  const names = graph.names;
  if (from === to) return [names[from]!, names[from]!];
  const parent = new Map<number, number>([[to, -1]]);
  const queue = [to];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of graph.downstream[v]!) {
      if (parent.has(w)) continue;
      parent.set(w, v);
      if (w === from) return pathTo(names, parent, from);
      queue.push(w);
    }
  }
  return null;
}

function pathTo(names: readonly string[], parent: Map<number, number>, from: number): string[] {
  const path: number[] = [];
  for (let x = from; x !== -1; x = parent.get(x)!) path.push(x);
  path.reverse(); // to … from
  return [names[from]!, ...path.map((i) => names[i]!)];
}
