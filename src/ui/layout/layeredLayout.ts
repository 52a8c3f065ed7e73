// A fast layered layout for graphs beyond what ELK handles: longest-path layers, then one
// barycentre pass to order each layer by its upstream neighbours. O(V + E log V); no recursion.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

const LAYER_GAP = 60;
const NODE_GAP = 32;

/**
 * Top-left positions by node id (a Map: ids are task names, `__proto__` included): layer by longest
 * path from the roots, top-down (`TD`) or left-right (`LR`).
 */
export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  direction: 'TD' | 'LR',
): Map<string, { x: number; y: number }> {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const down: number[][] = nodes.map(() => []);
  const up: number[][] = nodes.map(() => []);
  const indegree = new Int32Array(nodes.length);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    down[s]!.push(t);
    up[t]!.push(s);
    indegree[t]!++;
  }
  // Kahn's order; any node left over (a cycle, which the editor never allows) goes to layer 0.
  const depth = new Int32Array(nodes.length);
  const queue: number[] = [];
  indegree.forEach((d, i) => d === 0 && queue.push(i));
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of down[v]!) {
      depth[w] = Math.max(depth[w]!, depth[v]! + 1);
      if (--indegree[w]! === 0) queue.push(w);
    }
  }
  const layers: number[][] = [];
  nodes.forEach((_, i) => (layers[depth[i]!] ??= []).push(i));

  const along = direction === 'TD' ? 'width' : 'height';
  const across = direction === 'TD' ? 'height' : 'width';
  const slot = new Float64Array(nodes.length);
  const positions = new Map<string, { x: number; y: number }>();
  let offset = 0;
  for (const layer of layers) {
    if (!layer) continue;
    // Barycentre of the upstream slots keeps children under their parents and edges short.
    const key = (i: number) =>
      up[i]!.length === 0 ? i : up[i]!.reduce((sum, u) => sum + slot[u]!, 0) / up[i]!.length;
    const ordered = layer.map((i) => [key(i), i] as const).sort((a, b) => a[0] - b[0]);
    let cursor = 0;
    let thickness = 0;
    for (const [, i] of ordered) {
      const node = nodes[i]!;
      slot[i] = cursor + node[along] / 2;
      positions.set(
        node.id,
        direction === 'TD' ? { x: cursor, y: offset } : { x: offset, y: cursor },
      );
      cursor += node[along] + NODE_GAP;
      thickness = Math.max(thickness, node[across]);
    }
    offset += thickness + LAYER_GAP;
  }
  return positions;
}
