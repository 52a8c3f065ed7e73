// The auto layout itself, without the worker around it: ELK layered for graphs up to
// ELK_MAX_NODES tasks, the fast layered layout (layeredLayout.ts) beyond that or when ELK fails.
// The worker runs it; the unit tests and the layout bench (bench/layout.bench.ts) call it directly.
import type ELK from 'elkjs/lib/elk-api.js';
import { layeredLayout } from './layeredLayout.ts';
import { ELK_MAX_NODES, type LayoutRequest, type LayoutResponse } from './layoutProtocol.ts';

export type ComputedLayout = Omit<Extract<LayoutResponse, { ok: true }>, 'id' | 'ok'>;

/** ELK's options for auto layout: layered, in the layout direction, with the app's spacing. */
export function elkOptions(direction: 'TD' | 'LR'): Record<string, string> {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': direction === 'TD' ? 'DOWN' : 'RIGHT',
    'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    'elk.spacing.nodeNode': '32',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  };
}

/** Top-left positions for the request's nodes, and which layout placed them (and why). */
export async function computeLayout(
  elk: InstanceType<typeof ELK>,
  { direction, nodes, edges }: Omit<LayoutRequest, 'id'>,
): Promise<ComputedLayout> {
  const fast = (reason?: string): ComputedLayout => ({
    positions: layeredLayout(nodes, edges, direction),
    method: 'layered',
    ...(reason ? { reason } : {}),
  });
  if (nodes.length > ELK_MAX_NODES) return fast();
  try {
    const graph = await elk.layout({
      id: 'root',
      layoutOptions: elkOptions(direction),
      children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    });
    const positions = new Map<string, { x: number; y: number }>();
    for (const child of graph.children ?? [])
      positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
    return { positions, method: 'elk' };
  } catch (error) {
    return fast(`the detailed layout failed (${String(error)})`);
  }
}
