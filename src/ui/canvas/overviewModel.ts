// The canvas overview's decisions: when far zoom draws tasks on a canvas, which task is under the
// pointer. Pure: rectangles and a viewport in, numbers and names out; never touches DOM or a store.
import type { Box } from '../keyboard/nearestTask.ts';

export type { Box };

/** React Flow's viewport: translation, zoom, and the pane's size in screen pixels. */
export interface View {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

/**
 * Below this zoom a task node's name (14 px) is under 5 px on screen and its status bar under
 * 2 px: nothing on the node can be read, so drawing it as DOM buys nothing but style, layout and
 * paint of every element.
 */
export const OVERVIEW_BELOW_ZOOM = 0.35;
/**
 * The overview replaces the nodes when at least this many tasks are in view (a graph of fewer
 * keeps its nodes at any zoom; the canvas culls from the same size)…
 */
export const OVERVIEW_FROM_TASKS = 300;
/** …and stays while at least this many are (panning along the graph's edge does not flicker). */
export const OVERVIEW_KEEP_TASKS = 200;
/** Names are drawn on the overview once a task is this many pixels tall on screen. */
export const NAME_FROM_HEIGHT_PX = 14;
/** The pointer hits a task this many screen pixels away from it (tasks are tiny when far out). */
export const HIT_TOLERANCE_PX = 4;

/** The flow-space rectangle the pane shows. */
export function visibleRect(view: View): { x: number; y: number; width: number; height: number } {
  return {
    x: -view.x / view.zoom,
    y: -view.y / view.zoom,
    width: view.width / view.zoom,
    height: view.height / view.zoom,
  };
}

/** How many boxes overlap the view, counting no further than `stopAt`. */
export function countInView(boxes: readonly Box[], view: View, stopAt = Infinity): number {
  const r = visibleRect(view);
  let count = 0;
  for (const b of boxes) {
    if (b.x < r.x + r.width && b.x + b.width > r.x && b.y < r.y + r.height && b.y + b.height > r.y)
      if (++count >= stopAt) break;
  }
  return count;
}

/**
 * Whether the tasks are drawn as an overview: zoomed out past legibility with many tasks in view.
 * `shown` is the current answer, so the count to leave is lower than the count to enter.
 */
export function showOverview(view: View, boxes: readonly Box[], shown: boolean): boolean {
  if (view.zoom >= OVERVIEW_BELOW_ZOOM || view.width <= 0 || view.height <= 0) return false;
  const need = shown ? OVERVIEW_KEEP_TASKS : OVERVIEW_FROM_TASKS;
  if (boxes.length < need) return false;
  return countInView(boxes, view, need) >= need;
}

/** Whether names are drawn at this zoom (tasks `height` flow units tall). */
export const namesLegible = (zoom: number, height: number) => height * zoom >= NAME_FROM_HEIGHT_PX;

/** Flow-space distance from a point to a box (0 inside it). */
function distance(b: Box, x: number, y: number): number {
  const dx = Math.max(b.x - x, 0, x - (b.x + b.width));
  const dy = Math.max(b.y - y, 0, y - (b.y + b.height));
  return Math.hypot(dx, dy);
}

/**
 * The task under the screen point (`sx`, `sy`, relative to the pane): the last drawn box that holds
 * it (the topmost), else the nearest within HIT_TOLERANCE_PX on screen; null over empty canvas.
 */
export function hitTask(boxes: readonly Box[], view: View, sx: number, sy: number): string | null {
  const x = (sx - view.x) / view.zoom;
  const y = (sy - view.y) / view.zoom;
  const tolerance = HIT_TOLERANCE_PX / view.zoom;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i]!;
    const d = distance(b, x, y);
    if (d === 0) return b.name;
    if (d <= tolerance && d < bestDistance) {
      best = b.name;
      bestDistance = d;
    }
  }
  return best;
}
