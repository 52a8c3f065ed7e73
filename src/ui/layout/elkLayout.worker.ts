// Runs elkjs's layered layout off the main thread, so big graphs never freeze the tab.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { LayoutRequest, LayoutResponse } from './layoutProtocol.ts';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, direction, nodes, edges } = event.data;
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
    const positions: Record<string, { x: number; y: number }> = {};
    for (const child of graph.children ?? [])
      positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    postMessage({ id, ok: true, positions } satisfies LayoutResponse);
  } catch (error) {
    postMessage({ id, ok: false, error: String(error) } satisfies LayoutResponse);
  }
};
