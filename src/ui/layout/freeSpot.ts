// Where a new task goes: the free spot nearest a preferred point, never on another task.
import type { CanvasPosition } from '../../engine/index.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FreeSpotOptions {
  /** Space kept clear around every task (px). */
  gap?: number;
  /** The search moves in steps of this size (the canvas grid). */
  step?: number;
  /** How many steps out from the preferred point the search goes before giving up. */
  maxRings?: number;
  /** Prefer spots wholly inside this rectangle (the visible canvas); elsewhere only if none is. */
  within?: Rect;
}

const DEFAULTS = { gap: 24, step: 16, maxRings: 64 };

/**
 * The top-left corner nearest `preferred` where a node of `size` overlaps none of `occupied`
 * (with `gap` around each): the search walks outward in grid steps, nearest cell first. When nothing within reach is free, the spot below every task in reach.
 */
export function findFreeSpot(
  occupied: readonly Rect[],
  preferred: CanvasPosition,
  size: { width: number; height: number },
  options: FreeSpotOptions = {},
): CanvasPosition {
  const { gap, step, maxRings, within } = { ...DEFAULTS, ...options };
  const reach = maxRings * step;
  // Only the tasks the search can touch (a big graph has thousands elsewhere).
  const near = occupied.filter(
    (r) =>
      r.x < preferred.x + size.width + reach + gap &&
      r.x + r.width > preferred.x - reach - gap &&
      r.y < preferred.y + size.height + reach + gap &&
      r.y + r.height > preferred.y - reach - gap,
  );
  const free = (x: number, y: number) =>
    near.every(
      (r) =>
        x + size.width + gap <= r.x ||
        r.x + r.width + gap <= x ||
        y + size.height + gap <= r.y ||
        r.y + r.height + gap <= y,
    );
  const inView = (x: number, y: number) =>
    !within ||
    (x >= within.x &&
      y >= within.y &&
      x + size.width <= within.x + within.width &&
      y + size.height <= within.y + within.height);
  for (const wanted of within ? [inView, () => true] : [() => true]) {
    for (const [i, j] of cellsNearestFirst(maxRings)) {
      const x = preferred.x + i * step;
      const y = preferred.y + j * step;
      if (wanted(x, y) && free(x, y)) return { x, y };
    }
  }
  const bottom = Math.max(...near.map((r) => r.y + r.height));
  return { x: preferred.x, y: bottom + gap };
}

const cellOrders = new Map<number, readonly (readonly [number, number])[]>();

/** The grid cells within `rings` steps of the origin, nearest first (ties: upper, then left). */
function cellsNearestFirst(rings: number): readonly (readonly [number, number])[] {
  let cells = cellOrders.get(rings);
  if (!cells) {
    const all: [number, number][] = [];
    for (let j = -rings; j <= rings; j++) for (let i = -rings; i <= rings; i++) all.push([i, j]);
    cells = all.sort(
      (a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2) || a[1] - b[1] || a[0] - b[0],
    );
    cellOrders.set(rings, cells);
  }
  return cells;
}
