import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { computeLayout } from './computeLayout.ts';
import type { LayoutEdge, LayoutNode } from './layeredLayout.ts';
import { ELK_MAX_NODES } from './layoutProtocol.ts';
import { randomDag } from './randomDag.ts';

const elk = new ELK();

/** A random DAG whose tasks differ in size: each depends on one to three of the 40 before it. */
const sampleDag = (size: number) =>
  randomDag(size, 40, 7, (i) => ({ width: 120 + (i % 5) * 30, height: 40 + (i % 3) * 10 }));

type Positions = Map<string, { x: number; y: number }>;

/** Pairs of nodes whose boxes overlap. */
function overlaps(nodes: readonly LayoutNode[], pos: Positions): string[] {
  const boxes = nodes
    .map((n) => ({ id: n.id, ...pos.get(n.id)!, w: n.width, h: n.height }))
    .sort((a, b) => a.x - b.x);
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length && boxes[j]!.x < a.x + a.w; j++) {
      const b = boxes[j]!;
      if (b.y < a.y + a.h && a.y < b.y + b.h) found.push(`${a.id}/${b.id}`);
    }
  }
  return found;
}

/** Crossings of straight segments between node centres (segments sharing a node do not count). */
function crossings(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], pos: Positions) {
  const size = new Map(nodes.map((n) => [n.id, n]));
  const centre = (id: string) => ({
    x: pos.get(id)!.x + size.get(id)!.width / 2,
    y: pos.get(id)!.y + size.get(id)!.height / 2,
  });
  const side = (a: { x: number; y: number }, b: typeof a, c: typeof a) =>
    Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  let count = 0;
  edges.forEach((e, i) =>
    edges.slice(i + 1).forEach((f) => {
      if (new Set([e.source, e.target, f.source, f.target]).size < 4) return;
      const [p1, p2, q1, q2] = [e.source, e.target, f.source, f.target].map(centre) as [
        { x: number; y: number },
        { x: number; y: number },
        { x: number; y: number },
        { x: number; y: number },
      ];
      if (side(p1, p2, q1) * side(p1, p2, q2) < 0 && side(q1, q2, p1) * side(q1, q2, p2) < 0)
        count++;
    }),
  );
  return count;
}

describe('computeLayout', () => {
  // ELK below ELK_MAX_NODES, the fast layered layout above: both must give a readable layering.
  describe.each([
    { size: 120, method: 'elk' },
    { size: 900, method: 'layered' },
  ])('a $size-task DAG ($method)', ({ size, method }) => {
    it.each(['TD', 'LR'] as const)('%s: no overlaps, every edge points downstream', async (dir) => {
      const { nodes, edges } = sampleDag(size);
      expect(size > ELK_MAX_NODES).toBe(method === 'layered');
      const result = await computeLayout(elk, { direction: dir, nodes, edges });
      expect(result.method).toBe(method);
      expect(result.reason).toBeUndefined();
      expect(result.positions.size).toBe(size);
      expect(overlaps(nodes, result.positions)).toEqual([]);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const backwards = edges.filter((e) => {
        const s = result.positions.get(e.source)!;
        const t = result.positions.get(e.target)!;
        const source = byId.get(e.source)!;
        return dir === 'TD' ? t.y < s.y + source.height : t.x < s.x + source.width;
      });
      expect(backwards).toEqual([]);
    });
  });

  it('the fast layout reorders upstream layers too: a graph drawable without crossings gets none', async () => {
    // Roots a, b, c in that order; p depends on a and c, q on b. Ordering only the lower layer by
    // its parents leaves b→q crossing c→p; moving c beside a removes it.
    const names = ['a', 'b', 'c', 'p', 'q'];
    const big = Array.from({ length: ELK_MAX_NODES }, (_, i) => `x${i}`); // past ELK's limit
    const nodes = [...names, ...big].map((id) => ({ id, width: 100, height: 40 }));
    const edges = [
      { source: 'a', target: 'p' },
      { source: 'c', target: 'p' },
      { source: 'b', target: 'q' },
    ];
    const result = await computeLayout(elk, { direction: 'TD', nodes, edges });
    expect(result.method).toBe('layered');
    expect(crossings(nodes, edges, result.positions)).toBe(0);
  });
});
