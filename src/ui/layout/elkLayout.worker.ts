// Runs elkjs's layered layout off the main thread, so big graphs never freeze the tab. Beyond
// ELK_MAX_NODES (or when ELK fails: its recursion overflows the stack near 5,000 tasks) the fast
// longest-path layout takes over.
import ELK from 'elkjs/lib/elk.bundled.js';
import { layeredLayout } from './layeredLayout.ts';
import { ELK_MAX_NODES, type LayoutRequest, type LayoutResponse } from './layoutProtocol.ts';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, direction, nodes, edges } = event.data;
  const fast = (reason: string) =>
    postMessage({
      id,
      ok: true,
      positions: layeredLayout(nodes, edges, direction),
      method: 'layered',
      reason,
    } satisfies LayoutResponse);
  if (nodes.length > ELK_MAX_NODES) {
    fast(`${nodes.length} tasks is more than the detailed layout handles (${ELK_MAX_NODES})`);
    return;
  }
  try {
    const graph = await elk.layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': direction === 'TD' ? 'DOWN' : 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '60',
        'elk.spacing.nodeNode': '32',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
      children: nodes,
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    });
    const positions = new Map<string, { x: number; y: number }>();
    for (const child of graph.children ?? [])
      positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
    postMessage({ id, ok: true, positions, method: 'elk' } satisfies LayoutResponse);
  } catch (error) {
    try {
      fast(`the detailed layout failed (${String(error)})`);
    } catch (fallbackError) {
      postMessage({ id, ok: false, error: String(fallbackError) } satisfies LayoutResponse);
    }
  }
};
