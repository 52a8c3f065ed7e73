// The layered layout for big graphs (and the fallback when ELK fails): longest-path layers,
// barycentre sweeps down and up to cut crossings (the best order seen is kept), then each task is
// pulled towards the centre of its neighbours, layer by layer, without overlap. O(I·(V log V + E))
// for a fixed number of sweeps I; no recursion, so 100,000 tasks lay out in well under a second.

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
/** Down-and-up barycentre sweeps; the order with the fewest crossings is kept. */
const ORDER_SWEEPS = 24;
/** Down/up passes pulling tasks towards their neighbours once the order is fixed. */
const PLACE_PASSES = 6;

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
    if (s === undefined || t === undefined || s === t) continue;
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
  // Then, bottom up, a task with more downstream than upstream edges moves down next to its
  // nearest downstream task: long edges get shorter (fewer crossings, shorter edges).
  for (let head = queue.length - 1; head >= 0; head--) {
    const v = queue[head]!;
    if (down[v]!.length <= up[v]!.length) continue;
    let nearest = Infinity;
    for (const w of down[v]!) nearest = Math.min(nearest, depth[w]!);
    if (nearest - 1 > depth[v]!) depth[v] = nearest - 1;
  }
  const layers: number[][] = [];
  nodes.forEach((_, i) => (layers[depth[i]!] ??= []).push(i));
  const filled = layers.filter((layer) => layer !== undefined);

  const order = orderLayers(filled, up, down);
  const along = direction === 'TD' ? 'width' : 'height';
  const across = direction === 'TD' ? 'height' : 'width';
  const centre = placeInLayers(
    order,
    nodes.map((n) => n[along]),
    up,
    down,
  );

  const positions = new Map<string, { x: number; y: number }>();
  let offset = 0;
  for (const layer of order) {
    let thickness = 0;
    for (const i of layer) {
      const node = nodes[i]!;
      const side = centre[i]! - node[along] / 2;
      positions.set(node.id, direction === 'TD' ? { x: side, y: offset } : { x: offset, y: side });
      thickness = Math.max(thickness, node[across]);
    }
    offset += thickness + LAYER_GAP;
  }
  // Start at 0 on the cross axis, as the layout always has.
  let least = Infinity;
  for (const p of positions.values()) least = Math.min(least, direction === 'TD' ? p.x : p.y);
  if (Number.isFinite(least)) {
    for (const p of positions.values()) {
      if (direction === 'TD') p.x -= least;
      else p.y -= least;
    }
  }
  return positions;
}

/**
 * Orders each layer by the barycentre of its neighbours' ranks, sweeping down (upstream
 * neighbours) then up (downstream ones); ranks are centred so layers of different widths line up.
 * Returns the order with the fewest crossings between consecutive layers.
 */
function orderLayers(layers: number[][], up: number[][], down: number[][]): number[][] {
  const rank = new Float64Array(up.length);
  const setRanks = (layer: readonly number[]) =>
    layer.forEach((v, k) => (rank[v] = k - (layer.length - 1) / 2));
  const current = layers.map((layer) => [...layer]);
  current.forEach(setRanks);
  const layerOf = new Int32Array(up.length);
  layers.forEach((layer, l) => layer.forEach((v) => (layerOf[v] = l)));
  let best = current.map((layer) => [...layer]);
  let bestCrossings = countCrossings(current, rank, down, layerOf);

  const sweep = (layer: number[], neighbours: number[][]) => {
    const keyed = layer.map((v) => {
      const ns = neighbours[v]!;
      let sum = 0;
      for (const u of ns) sum += rank[u]!;
      return [ns.length ? sum / ns.length : rank[v]!, v] as const;
    });
    keyed.sort((a, b) => a[0] - b[0]);
    const next = keyed.map(([, v]) => v);
    setRanks(next);
    return next;
  };
  for (let s = 0; s < ORDER_SWEEPS && bestCrossings > 0; s++) {
    for (let l = 1; l < current.length; l++) current[l] = sweep(current[l]!, up);
    for (let l = current.length - 2; l >= 0; l--) current[l] = sweep(current[l]!, down);
    const crossings = countCrossings(current, rank, down, layerOf);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = current.map((layer) => [...layer]);
    }
  }
  return best;
}

/** Crossings among edges between consecutive layers (inversions of target ranks). */
function countCrossings(
  layers: number[][],
  rank: Float64Array,
  down: number[][],
  layerOf: Int32Array,
): number {
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const targets: number[] = [];
    for (const v of layers[l]!) {
      const ends = down[v]!.filter((w) => layerOf[w] === l + 1).map((w) => rank[w]!);
      ends.sort((a, b) => a - b);
      targets.push(...ends);
    }
    total += inversions(targets);
  }
  return total;
}

/** Pairs i < j with a[i] > a[j], by merge sort. */
function inversions(a: number[]): number {
  let count = 0;
  let src = a.slice();
  let dst = new Array<number>(a.length);
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          count += mid - i;
          dst[k++] = src[j++]!;
        } else dst[k++] = src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return count;
}

/**
 * Centres along each layer: packed and centred first, then passes down and up pull each task to
 * the mean centre of its neighbours, keeping the layer's order and gaps (pool-adjacent-violators:
 * the least-squares placement that respects both).
 */
function placeInLayers(
  layers: number[][],
  size: readonly number[],
  up: number[][],
  down: number[][],
) {
  const centre = new Float64Array(size.length);
  for (const layer of layers) {
    let total = -NODE_GAP;
    for (const v of layer) total += size[v]! + NODE_GAP;
    let cursor = -total / 2;
    for (const v of layer) {
      centre[v] = cursor + size[v]! / 2;
      cursor += size[v]! + NODE_GAP;
    }
  }
  const pull = (layer: readonly number[], neighbours: number[][]) => {
    // Targets in "slack" coordinates: minus the least distance from the layer's first task.
    const offset = new Float64Array(layer.length);
    for (let k = 1; k < layer.length; k++) {
      offset[k] = offset[k - 1]! + (size[layer[k - 1]!]! + size[layer[k]!]!) / 2 + NODE_GAP;
    }
    const blockValue: number[] = [];
    const blockWeight: number[] = [];
    const blockCount: number[] = [];
    layer.forEach((v, k) => {
      const ns = neighbours[v]!;
      let target = centre[v]!;
      if (ns.length) {
        let sum = 0;
        for (const u of ns) sum += centre[u]!;
        target = sum / ns.length;
      }
      let value = target - offset[k]!;
      let weight = ns.length + 0.01;
      let count = 1;
      while (blockValue.length && blockValue[blockValue.length - 1]! >= value) {
        const w = blockWeight.pop()!;
        value = (blockValue.pop()! * w + value * weight) / (w + weight);
        weight += w;
        count += blockCount.pop()!;
      }
      blockValue.push(value);
      blockWeight.push(weight);
      blockCount.push(count);
    });
    let k = 0;
    blockValue.forEach((value, b) => {
      for (let c = 0; c < blockCount[b]!; c++, k++) centre[layer[k]!] = value + offset[k]!;
    });
  };
  for (let p = 0; p < PLACE_PASSES; p++) {
    for (let l = 1; l < layers.length; l++) pull(layers[l]!, up);
    for (let l = layers.length - 2; l >= 0; l--) pull(layers[l]!, down);
  }
  return centre;
}
