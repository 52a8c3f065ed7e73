// Canvas exports: SVG drawn from the workflow itself (graphSvg: shapes, text and paths, no HTML);
// PNG rendered from the React Flow DOM with html-to-image, as in xyflow's download-image example.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng } from 'html-to-image';
import { ESTIMATED_SIZE } from '../canvas/documentToFlow.ts';
import { edgeNotTaken } from '../run/edgeNotTaken.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { mapProgressShort } from '../canvas/mapProgress.ts';
import { taskRunStateOf } from '../store/runSlice.ts';
import { themeColors } from '../theme/themeColors.ts';
import { downloadBlob, downloadFileName } from './download.ts';
import { graphSvg } from './graphSvg.ts';

const PADDING = 40;
const MAX_SIDE = 4096;

/** A mapped task's progress in the run shown, as the canvas says it (`12 / 100`), if known. */
function mappedOf(state: AppState, name: string): { progress?: string } {
  const map = taskRunStateOf(state, name)?.map;
  return map ? { progress: mapProgressShort(map) } : {};
}

/** The open workflow as an SVG document: its tasks where they are on the canvas, in their run colours. */
export function canvasSvg(): string | null {
  const state = useAppStore.getState();
  const { nodes, document: doc, layoutDirection } = state;
  if (nodes.length === 0) return null;
  const tasks = nodes.map((n) => ({
    name: n.data.name,
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.width ?? n.initialWidth ?? ESTIMATED_SIZE.width,
    height: n.measured?.height ?? n.height ?? n.initialHeight ?? ESTIMATED_SIZE.height,
    status: taskRunStateOf(state, n.data.name)?.status ?? 'pending',
    ...(n.data.decides ? { decides: n.data.decides } : {}),
    ...(n.data.mapOver !== undefined ? { mapped: mappedOf(state, n.data.name) } : {}),
  }));
  const edges = doc.tasks.flatMap((task) =>
    task.dependsOn.map((upstream) => ({
      upstream,
      downstream: task.name,
      notTaken: edgeNotTaken(state, upstream, task.name),
    })),
  );
  return graphSvg({
    title: doc.name,
    tasks,
    edges,
    direction: layoutDirection,
    colors: themeColors(),
  });
}

/** Downloads the whole graph (not just the visible part) as an SVG drawing or a PNG picture. */
export async function exportImage(kind: 'png' | 'svg'): Promise<void> {
  const { nodes, document: doc } = useAppStore.getState();
  if (kind === 'svg') {
    const svg = canvasSvg();
    if (svg)
      downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), downloadFileName(doc.name, 'svg'));
    return;
  }
  const viewport = window.document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport || nodes.length === 0) return;
  const bounds = getNodesBounds(nodes as Node[]);
  const width = Math.min(MAX_SIDE, Math.ceil(bounds.width + PADDING * 2));
  const height = Math.min(MAX_SIDE, Math.ceil(bounds.height + PADDING * 2));
  const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.05);
  const url = await toPng(viewport, {
    backgroundColor: themeColors().background,
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
    },
  });
  downloadBlob(url, downloadFileName(doc.name, 'png'));
}
