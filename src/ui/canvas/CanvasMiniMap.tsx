import { Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { shallow } from 'zustand/shallow';
import type { TaskNode } from './documentToFlow.ts';

const WIDTH = 200;
const HEIGHT = 150;
/** Size of a node React Flow has not measured yet (the same estimate the canvas uses). */
const FALLBACK = { width: 180, height: 60 };

const selectView = (s: ReactFlowState) => ({
  nodes: s.nodes as TaskNode[],
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
});

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The map's two theme colours, read once per theme (not per draw). */
let tokens: { theme: string | undefined; mask: string; accent: string } | null = null;

/**
 * Reading computed style forces a style recalculation; the map is drawn on every frame of a pan
 * or zoom (while nodes mount), so its colours are read again only when the theme changes.
 */
function tokensOf(el: HTMLElement): { mask: string; accent: string } {
  const theme = document.documentElement.dataset.theme;
  if (tokens && tokens.theme === theme) return tokens;
  const style = getComputedStyle(el);
  tokens = {
    theme,
    mask: style.getPropertyValue('--minimap-mask').trim() || 'rgba(0,0,0,0.12)',
    accent: style.getPropertyValue('--accent').trim() || '#1971c2',
  };
  return tokens;
}

/** The flow-space rectangle the canvas shows, and the bounds of every node plus that rectangle. */
function geometry(view: ReturnType<typeof selectView>): { viewport: Box; bounds: Box } {
  const viewport = {
    x: -view.x / view.zoom,
    y: -view.y / view.zoom,
    w: view.width / view.zoom,
    h: view.height / view.zoom,
  };
  let [left, top, right, bottom] = [
    viewport.x,
    viewport.y,
    viewport.x + viewport.w,
    viewport.y + viewport.h,
  ];
  for (const n of view.nodes) {
    const w = n.measured?.width ?? n.initialWidth ?? FALLBACK.width;
    const h = n.measured?.height ?? n.initialHeight ?? FALLBACK.height;
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + w);
    bottom = Math.max(bottom, n.position.y + h);
  }
  return { viewport, bounds: { x: left, y: top, w: right - left, h: bottom - top } };
}

/**
 * A minimap drawn on one canvas, for graphs too big for React Flow's SVG minimap (one DOM element
 * per node: 2,000 of them cost a long task to create, style and paint). Same look and behaviour:
 * nodes in their status colours, the visible area outlined, drag or click to move the view, wheel
 * to zoom.
 */
export function CanvasMiniMap({ nodeColor }: { nodeColor: (node: TaskNode) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useStore(selectView, shallow);
  const flow = useReactFlow();
  const frame = useRef<{ bounds: Box; scale: number; offsetX: number; offsetY: number } | null>(
    null,
  );

  useEffect(() => {
    const el = canvas.current;
    const context = el?.getContext('2d');
    if (!el || !context) return;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== WIDTH * ratio) {
      el.width = WIDTH * ratio;
      el.height = HEIGHT * ratio;
    }
    const { viewport, bounds } = geometry(view);
    const scale = Math.min(WIDTH / bounds.w, HEIGHT / bounds.h);
    const offsetX = (WIDTH - bounds.w * scale) / 2;
    const offsetY = (HEIGHT - bounds.h * scale) / 2;
    frame.current = { bounds, scale, offsetX, offsetY };
    const toX = (x: number) => offsetX + (x - bounds.x) * scale;
    const toY = (y: number) => offsetY + (y - bounds.y) * scale;
    const { mask, accent } = tokensOf(el);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    // One path per colour: a few fills instead of a fillStyle change and a fill per node (5,000
    // of them took tens of milliseconds each time a run recoloured the map).
    const byColor = new Map<string, Path2D>();
    for (const n of view.nodes) {
      const w = n.measured?.width ?? n.initialWidth ?? FALLBACK.width;
      const h = n.measured?.height ?? n.initialHeight ?? FALLBACK.height;
      const color = nodeColor(n);
      let path = byColor.get(color);
      if (!path) byColor.set(color, (path = new Path2D()));
      path.rect(
        toX(n.position.x),
        toY(n.position.y),
        Math.max(1, w * scale),
        Math.max(1, h * scale),
      );
    }
    for (const [color, path] of byColor) {
      context.fillStyle = color;
      context.fill(path);
    }
    // Everything outside the visible area is dimmed; the visible area is outlined.
    context.fillStyle = mask;
    context.beginPath();
    context.rect(0, 0, WIDTH, HEIGHT);
    context.rect(toX(viewport.x), toY(viewport.y), viewport.w * scale, viewport.h * scale);
    context.fill('evenodd');
    context.strokeStyle = accent;
    context.lineWidth = 1;
    context.strokeRect(toX(viewport.x), toY(viewport.y), viewport.w * scale, viewport.h * scale);
  }, [view, nodeColor]);

  /** Centres the canvas on the flow point under the pointer. */
  const moveTo = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const f = frame.current;
    if (!f) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = f.bounds.x + (event.clientX - rect.left - f.offsetX) / f.scale;
    const y = f.bounds.y + (event.clientY - rect.top - f.offsetY) / f.scale;
    void flow.setCenter(x, y, { zoom: view.zoom });
  };

  return (
    <Panel position="bottom-right" className="canvas-minimap">
      <canvas
        ref={canvas}
        role="img"
        aria-label="Minimap"
        data-testid="canvas-minimap"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.buttons === 1) moveTo(event);
        }}
        onWheel={(event) => {
          void flow.zoomTo(view.zoom * (event.deltaY < 0 ? 1.2 : 1 / 1.2));
        }}
      />
    </Panel>
  );
}
