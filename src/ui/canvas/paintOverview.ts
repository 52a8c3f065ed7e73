// Paints the overview of a big graph on two canvases (edges below, tasks above) in screen space.
// No React and no store: the caller hands in the scene, the viewport and the theme.
import { STATUS_COLORS, type TaskStatus } from '../../engine/index.ts';
import type { ThemeColors } from '../theme/themeColors.ts';
import { namesLegible, visibleRect, type Box, type View } from './overviewModel.ts';

/** Theme tokens the overview paints with (read from CSS, so light and dark match the nodes). */
export type OverviewTheme = Pick<ThemeColors, 'surface' | 'border' | 'text' | 'edge' | 'accent'>;

/** What there is to draw: task boxes in document order, edges as index pairs into them. */
export interface OverviewScene {
  boxes: readonly Box[];
  edges: readonly (readonly [number, number])[];
  horizontal: boolean;
  selected: ReadonlySet<string>;
}

/** A task's status in the run shown (pending when there is none). */
export type StatusOf = (name: string) => TaskStatus;

const RADIUS = 8;
const STATUS_BAR = 6;
/** Names are drawn at most this big, and smaller on small cards (never under 8 px). */
const NAME_PX = 12;

/** Sizes the canvas's backing store to the pane at the device's pixel ratio; a 2D context. */
export function prepare(canvas: HTMLCanvasElement, view: View): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(view.width * ratio);
  const height = Math.round(view.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, view.width, view.height);
  return context;
}

/** True when the box overlaps the flow rectangle `r`. */
const overlaps = (b: Box, r: ReturnType<typeof visibleRect>) =>
  b.x < r.x + r.width && b.x + b.width > r.x && b.y < r.y + r.height && b.y + b.height > r.y;

/** Every edge with a part in view, as one stroked path (upstream's out side → downstream's in side). */
export function paintEdges(
  context: CanvasRenderingContext2D,
  scene: OverviewScene,
  view: View,
  theme: OverviewTheme,
): void {
  const r = visibleRect(view);
  const { x: tx, y: ty, zoom } = view;
  context.beginPath();
  for (const [from, to] of scene.edges) {
    const a = scene.boxes[from]!;
    const b = scene.boxes[to]!;
    const [ax, ay] = scene.horizontal
      ? [a.x + a.width, a.y + a.height / 2]
      : [a.x + a.width / 2, a.y + a.height];
    const [bx, by] = scene.horizontal ? [b.x, b.y + b.height / 2] : [b.x + b.width / 2, b.y];
    const left = Math.min(ax, bx);
    const top = Math.min(ay, by);
    if (
      left > r.x + r.width ||
      Math.max(ax, bx) < r.x ||
      top > r.y + r.height ||
      Math.max(ay, by) < r.y
    )
      continue;
    context.moveTo(ax * zoom + tx, ay * zoom + ty);
    context.lineTo(bx * zoom + tx, by * zoom + ty);
  }
  context.strokeStyle = theme.edge;
  context.lineWidth = 1;
  context.stroke();
}

/** `name` cut with an ellipsis to `width` pixels (cached: a repaint measures nothing twice). */
function fitted(
  context: CanvasRenderingContext2D,
  name: string,
  width: number,
  cache: Map<string, string>,
) {
  const key = `${Math.round(width)}\u0000${name}`;
  let text = cache.get(key);
  if (text !== undefined) return text;
  text = name;
  if (context.measureText(text).width > width) {
    let n = name.length;
    while (n > 0 && context.measureText(`${name.slice(0, n)}…`).width > width) n--;
    text = n > 0 ? `${name.slice(0, n)}…` : '';
  }
  if (cache.size > 20_000) cache.clear();
  cache.set(key, text);
  return text;
}

/**
 * Every task in view: far out a rounded rectangle in its status colour (one path per colour), and
 * once names are legible a card like the DOM node (surface, border, status bar, name). Selected
 * tasks are outlined in the accent colour. Returns how many tasks of each status were drawn.
 */
export function paintTasks(
  context: CanvasRenderingContext2D,
  scene: OverviewScene,
  view: View,
  theme: OverviewTheme,
  statusOf: StatusOf,
  names: Map<string, string>,
): Partial<Record<TaskStatus, number>> {
  const r = visibleRect(view);
  const { x: tx, y: ty, zoom } = view;
  const byStatus = new Map<TaskStatus, Box[]>();
  for (const b of scene.boxes) {
    if (!overlaps(b, r)) continue;
    const status = statusOf(b.name);
    const list = byStatus.get(status);
    if (list) list.push(b);
    else byStatus.set(status, [b]);
  }
  const legible = namesLegible(zoom, scene.boxes[0]?.height ?? 0);
  const radius = RADIUS * zoom;
  const shape = (b: Box, inset = 0) => {
    const x = b.x * zoom + tx + inset;
    const y = b.y * zoom + ty + inset;
    const w = b.width * zoom - 2 * inset;
    const h = b.height * zoom - 2 * inset;
    if (radius >= 1) context.roundRect(x, y, w, h, radius);
    else context.rect(x, y, Math.max(w, 1), Math.max(h, 1));
  };
  if (legible) {
    context.beginPath();
    for (const list of byStatus.values()) for (const b of list) shape(b, 0.5);
    context.fillStyle = theme.surface;
    context.fill();
    context.strokeStyle = theme.border;
    context.lineWidth = 1;
    context.stroke();
  }
  const counts: Partial<Record<TaskStatus, number>> = {};
  for (const [status, list] of byStatus) {
    counts[status] = list.length;
    context.beginPath();
    for (const b of list) {
      if (legible)
        context.rect(
          b.x * zoom + tx + 1,
          b.y * zoom + ty + 1,
          STATUS_BAR * Math.max(zoom, 0.5),
          b.height * zoom - 2,
        );
      else shape(b);
    }
    context.fillStyle = STATUS_COLORS[status];
    context.fill();
  }
  if (legible) {
    context.fillStyle = theme.text;
    const px = Math.max(
      8,
      Math.min(NAME_PX, Math.floor((scene.boxes[0]?.height ?? 0) * zoom * 0.6)),
    );
    context.font = `600 ${px}px system-ui, sans-serif`;
    context.textBaseline = 'middle';
    const pad = STATUS_BAR * Math.max(zoom, 0.5) + 5;
    for (const list of byStatus.values())
      for (const b of list) {
        const text = fitted(context, b.name, b.width * zoom - pad - 4, names);
        context.fillText(text, b.x * zoom + tx + pad, (b.y + b.height / 2) * zoom + ty);
      }
  }
  if (scene.selected.size > 0) {
    context.beginPath();
    for (const list of byStatus.values())
      for (const b of list) if (scene.selected.has(b.name)) shape(b, -2);
    context.strokeStyle = theme.accent;
    context.lineWidth = 2;
    context.stroke();
  }
  return counts;
}
