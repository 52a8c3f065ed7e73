import { describe, expect, it } from 'vitest';
import {
  countInView,
  hitTask,
  namesLegible,
  OVERVIEW_BELOW_ZOOM,
  showOverview,
  type Box,
  type View,
} from './overviewModel.ts';

/** `size` tasks of 190×50 on a grid of 25 per row, 220 × 130 apart (as a layered import places them). */
function grid(size: number): Box[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `t${i}`,
    x: (i % 25) * 220,
    y: Math.floor(i / 25) * 130,
    width: 190,
    height: 50,
  }));
}

/** A 1200×800 pane at `zoom`, its top-left corner on the flow point (0, 0). */
const at = (zoom: number): View => ({ x: 0, y: 0, zoom, width: 1200, height: 800 });

describe('showOverview', () => {
  const thousand = grid(1_000);

  it.each([
    { zoom: 1, shown: false, want: false, why: 'readable zoom' },
    {
      zoom: OVERVIEW_BELOW_ZOOM,
      shown: true,
      want: false,
      why: 'at the threshold the nodes come back',
    },
    { zoom: 0.34, shown: false, want: true, why: 'just below it, 400+ tasks in view' },
    { zoom: 0.1, shown: false, want: true, why: 'every task in view' },
  ])('1,000 tasks at zoom $zoom: $want ($why)', ({ zoom, shown, want }) => {
    expect(showOverview(at(zoom), thousand, shown)).toBe(want);
  });

  it('a small graph stays DOM at any zoom', () => {
    expect(showOverview(at(0.05), grid(40), false)).toBe(false);
  });

  it('enters with 300 tasks in view, stays down to 200', () => {
    // 250 tasks in view: not enough to enter, enough to stay.
    const boxes = grid(250);
    expect(countInView(boxes, at(0.1))).toBe(250);
    expect(showOverview(at(0.1), boxes, false)).toBe(false);
    expect(showOverview(at(0.1), boxes, true)).toBe(true);
    expect(showOverview(at(0.1), grid(190), true)).toBe(false);
    expect(showOverview(at(0.1), grid(300), false)).toBe(true);
  });

  it('counts only what the pane shows', () => {
    // Panned so that only the last rows are in view.
    const view: View = { x: 0, y: -39 * 130 * 0.2, zoom: 0.2, width: 1200, height: 800 };
    expect(countInView(thousand, view)).toBe(25);
    expect(showOverview(view, thousand, false)).toBe(false);
  });

  it('an unmeasured pane (no size yet) never shows the overview', () => {
    expect(showOverview({ ...at(0.1), width: 0 }, thousand, false)).toBe(false);
  });
});

describe('hitTask', () => {
  const boxes = grid(100);
  const view: View = { x: 10, y: 20, zoom: 0.1, width: 1200, height: 800 };
  /** Screen point of the flow point (x, y). */
  const screen = (x: number, y: number) => [x * 0.1 + 10, y * 0.1 + 20] as const;

  it('finds the task under the pointer', () => {
    expect(hitTask(boxes, view, ...screen(220 + 95, 130 + 25))).toBe('t26');
  });

  it('finds a task a few screen pixels off its edge (tiny when far out)', () => {
    // 2.5 px on screen (25 flow units) below t0's box, 5.5 px above t25's.
    expect(hitTask(boxes, view, ...screen(95, 50 + 25))).toBe('t0');
  });

  it('takes the nearest when two are in reach, and nothing over empty canvas', () => {
    // Between t0 (ends at 190) and t1 (starts at 220), nearer to t1.
    expect(hitTask(boxes, view, ...screen(212, 10))).toBe('t1');
    expect(hitTask(boxes, view, ...screen(198, 10))).toBe('t0');
    expect(hitTask(boxes, view, ...screen(205, 90))).toBeNull();
    expect(hitTask(boxes, view, ...screen(-500, -500))).toBeNull();
  });

  it('the topmost (last drawn) of overlapping tasks wins', () => {
    const overlapping: Box[] = [
      { name: 'under', x: 0, y: 0, width: 100, height: 100 },
      { name: 'over', x: 50, y: 50, width: 100, height: 100 },
    ];
    expect(hitTask(overlapping, at(1), 75, 75)).toBe('over');
    expect(hitTask(overlapping, at(1), 25, 25)).toBe('under');
  });
});

describe('namesLegible', () => {
  it('from 14 px tall on screen', () => {
    expect(namesLegible(0.28, 50)).toBe(true);
    expect(namesLegible(0.2, 50)).toBe(false);
  });
});
