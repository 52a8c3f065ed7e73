import { describe, expect, it } from 'vitest';
import { compactAdjacency, degree } from './compactAdjacency.ts';

describe('compactAdjacency', () => {
  it('packs each list in order, empty lists included', () => {
    const packed = compactAdjacency([[1, 2], [], [0], [2, 1, 0]]);
    expect([...packed.start]).toEqual([0, 2, 2, 3, 6]);
    expect([...packed.list]).toEqual([1, 2, 0, 2, 1, 0]);
    expect([0, 1, 2, 3].map((i) => degree(packed, i))).toEqual([2, 0, 1, 3]);
  });

  it('packs an empty graph', () => {
    const packed = compactAdjacency([]);
    expect([...packed.start]).toEqual([0]);
    expect(packed.list.length).toBe(0);
  });
});
