import { describe, expect, it } from 'vitest';
import {
  arrowDirection,
  firstTask,
  nearestTask,
  type ArrowDirection,
  type Box,
} from './nearestTask.ts';

const box = (name: string, x: number, y: number): Box => ({ name, x, y, width: 100, height: 40 });

// A diamond, top-down:   a
//                      b   c
//                        d          e (far right, level with a)
const BOXES = [
  box('a', 200, 0),
  box('b', 0, 120),
  box('c', 400, 120),
  box('d', 200, 240),
  box('e', 900, 0),
];
const at = (name: string) => BOXES.find((b) => b.name === name)!;

describe('nearestTask', () => {
  it.each<[string, ArrowDirection, string | null]>([
    // Straight below beats the next layer off to the side.
    ['a', 'down', 'd'],
    ['b', 'right', 'c'],
    ['c', 'left', 'b'],
    ['b', 'down', 'd'],
    ['d', 'up', 'a'],
    ['a', 'right', 'c'],
    ['c', 'right', 'e'],
    ['e', 'left', 'a'],
    ['a', 'up', null],
    ['b', 'left', null],
    // Nothing within the cone below e: the nearest one below at all.
    ['e', 'down', 'c'],
  ])('from %s %s → %s', (from, direction, expected) => {
    expect(nearestTask(at(from), BOXES, direction)).toBe(expected);
  });
});

describe('arrowDirection and firstTask', () => {
  it('reads the arrow keys only', () => {
    expect(arrowDirection('ArrowUp')).toBe('up');
    expect(arrowDirection('ArrowLeft')).toBe('left');
    expect(arrowDirection('a')).toBeNull();
  });
  it('starts from the top-left task', () => {
    expect(firstTask(BOXES)).toBe('a');
    expect(firstTask([box('low', 0, 300), box('high', 500, 0)])).toBe('high');
    expect(firstTask([])).toBeNull();
  });
});
