import { describe, expect, it } from 'vitest';
import { findFreeSpot, type Rect } from './freeSpot.ts';

const size = { width: 100, height: 40 };
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('findFreeSpot', () => {
  it('keeps the preferred point when it is free', () => {
    expect(findFreeSpot([{ x: 500, y: 500, ...size }], { x: 0, y: 0 }, size)).toEqual({
      x: 0,
      y: 0,
    });
  });

  it('moves to the nearest free spot, in grid steps, clear of the task in the way', () => {
    const taken = { x: 0, y: 0, ...size };
    const spot = findFreeSpot([taken], { x: 0, y: 0 }, size, { gap: 16, step: 16 });
    expect(overlaps({ ...spot, ...size }, { ...taken, width: 116, height: 56 })).toBe(false);
    // Four grid steps up (a short way) rather than seven to the side.
    expect(spot).toEqual({ x: 0, y: -64 });
  });

  it('places many tasks around one point without any two overlapping', () => {
    const placed: Rect[] = [{ x: 0, y: 0, width: 190, height: 50 }];
    for (let i = 0; i < 20; i++) {
      placed.push({ ...findFreeSpot(placed, { x: 0, y: 0 }, size), ...size });
    }
    placed.forEach((a, i) => {
      for (const b of placed.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    });
    // All of them stay near the point: within a few node sizes.
    for (const r of placed) expect(Math.hypot(r.x, r.y)).toBeLessThan(400);
  });

  it('prefers a spot inside the visible area, even a farther one', () => {
    const taken = { x: 0, y: 0, ...size };
    const view = { x: -200, y: 0, width: 600, height: 100 };
    // Nearest is above (out of view); the nearest in view is beside.
    expect(findFreeSpot([taken], { x: 0, y: 0 }, size, { gap: 16, within: view })).toEqual({
      x: -128,
      y: 0,
    });
    // A view with no free room: the nearest spot anywhere.
    const full = { x: 0, y: 0, width: 100, height: 40 };
    expect(findFreeSpot([taken], { x: 0, y: 0 }, size, { gap: 16, within: full })).toEqual({
      x: 0,
      y: -64,
    });
  });

  it('falls back below everything in reach when nothing near is free', () => {
    const wall = { x: -1000, y: -1000, width: 2000, height: 2000 };
    expect(findFreeSpot([wall], { x: 0, y: 0 }, size, { maxRings: 4 })).toEqual({
      x: 0,
      y: 1024,
    });
  });
});
