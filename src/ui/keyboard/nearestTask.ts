// Which task the arrow keys move the selection to. Pure: rectangles in, a name out.

export type ArrowDirection = 'left' | 'right' | 'up' | 'down';

export interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const ARROWS: Record<string, ArrowDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** One grid step in each direction, for moving tasks with Shift+arrow. */
export const STEP: Record<ArrowDirection, { dx: number; dy: number }> = {
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
};

/** The direction of an arrow key, or null for any other key. */
export function arrowDirection(key: string): ArrowDirection | null {
  return ARROWS[key] ?? null;
}

/** How far off the straight line a task may be and still count: twice as far sideways as ahead. */
const SIDEWAYS_WEIGHT = 2;

/**
 * The task nearest `from` in `direction`: among those whose centre lies ahead of `from`'s centre
 * (and more ahead than sideways, when there are such), the one with the smallest distance ahead
 * plus twice the distance sideways. Null when nothing lies that way.
 */
export function nearestTask(
  from: Box,
  boxes: readonly Box[],
  direction: ArrowDirection,
): string | null {
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  const horizontal = direction === 'left' || direction === 'right';
  const sign = direction === 'right' || direction === 'down' ? 1 : -1;
  let best: { name: string; score: number; inCone: boolean } | null = null;
  for (const box of boxes) {
    if (box.name === from.name) continue;
    const dx = box.x + box.width / 2 - cx;
    const dy = box.y + box.height / 2 - cy;
    const ahead = sign * (horizontal ? dx : dy);
    const sideways = Math.abs(horizontal ? dy : dx);
    if (ahead <= 0) continue;
    const inCone = ahead >= sideways;
    const score = ahead + SIDEWAYS_WEIGHT * sideways;
    if (!best || (inCone && !best.inCone) || (inCone === best.inCone && score < best.score)) {
      best = { name: box.name, score, inCone };
    }
  }
  return best?.name ?? null;
}

/** The task to select first when nothing is selected: the top-left one (reading order). */
export function firstTask(boxes: readonly Box[]): string | null {
  let best: Box | null = null;
  for (const box of boxes) {
    if (!best || box.y + box.x / 4 < best.y + best.x / 4) best = box;
  }
  return best?.name ?? null;
}
