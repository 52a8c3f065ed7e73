// Canvas export as PNG/SVG with html-to-image, as in xyflow's download-image example.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import { useAppStore } from '../store/appStore.ts';
import { downloadBlob, fileSafeName } from './download.ts';

const PADDING = 40;
const MAX_SIDE = 4096;

/** Renders every node (not just the visible part) and downloads it. */
export async function exportImage(kind: 'png' | 'svg'): Promise<void> {
  const { nodes, document: doc } = useAppStore.getState();
  const viewport = window.document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport || nodes.length === 0) return;
  const bounds = getNodesBounds(nodes as Node[]);
  const width = Math.min(MAX_SIDE, Math.ceil(bounds.width + PADDING * 2));
  const height = Math.min(MAX_SIDE, Math.ceil(bounds.height + PADDING * 2));
  const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.05);
  const background = getComputedStyle(window.document.documentElement).getPropertyValue('--bg');
  const options = {
    backgroundColor: background.trim() || '#ffffff',
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
    },
  };
  const url = kind === 'png' ? await toPng(viewport, options) : await toSvg(viewport, options);
  downloadBlob(url, `${fileSafeName(doc.name)}.${kind}`);
}
