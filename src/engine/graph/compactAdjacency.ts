// Adjacency lists packed into two typed arrays (compressed sparse rows): what a run walks on
// every completion, kept in a few contiguous blocks instead of one small array per node.

/** Node `i`'s neighbours are `list[start[i]]` to `list[start[i + 1] - 1]`, in list order. */
export interface CompactAdjacency {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

/** Packs index lists (e.g. `IndexedGraph.upstream`) in O(V+E). */
export function compactAdjacency(lists: readonly (readonly number[])[]): CompactAdjacency {
  const n = lists.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + lists[i]!.length;
  const list = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) list.set(lists[i]!, start[i]!);
  return { start, list };
}

/** How many neighbours node `i` has. */
export function degree(adjacency: CompactAdjacency, i: number): number {
  return adjacency.start[i + 1]! - adjacency.start[i]!;
}
