// Seeded random DAGs for the layout tests and the layout bench (bench/layout.bench.ts): dependencies
// span several layers and layers differ in width, unlike a hand-made layered workflow.
import type { LayoutEdge, LayoutNode } from './layeredLayout.ts';

/**
 * `size` tasks `t0…`; each after the first depends on one to three of the `window` tasks before it.
 * `sizeOf(i)` gives each task's box.
 */
export function randomDag(
  size: number,
  window: number,
  seed: number,
  sizeOf: (i: number) => { width: number; height: number },
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  let state = seed;
  const rand = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const nodes = Array.from({ length: size }, (_, i) => ({ id: `t${i}`, ...sizeOf(i) }));
  const edges: LayoutEdge[] = [];
  for (let i = 1; i < size; i++) {
    const parents = new Set<number>();
    const count = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) parents.add(Math.max(0, i - 1 - Math.floor(rand() * window)));
    for (const p of parents) edges.push({ source: `t${p}`, target: `t${i}` });
  }
  return { nodes, edges };
}
