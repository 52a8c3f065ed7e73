import { describe, expect, it } from 'vitest';
import {
  childEntries,
  isContainer,
  previewLeaf,
  summarize,
  toCopyText,
  truncateText,
} from './jsonTree.ts';

describe('jsonTree', () => {
  it('pages through a large array without touching the rest', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    const page = childEntries(big, 50);
    expect(page.entries).toHaveLength(50);
    expect(page.entries[49]).toEqual(['49', 49]);
    expect(page.total).toBe(100_000);
    expect(page.remaining).toBe(99_950);
  });

  it('pages objects, maps and sets by key', () => {
    expect(childEntries({ a: 1, b: 2, c: 3 }, 2)).toEqual({
      entries: [
        ['a', 1],
        ['b', 2],
      ],
      total: 3,
      remaining: 1,
    });
    expect(childEntries(new Map([[1, 'x']]), 10).entries).toEqual([['1', 'x']]);
    expect(childEntries(new Set(['p', 'q']), 1)).toMatchObject({
      entries: [['0', 'p']],
      remaining: 1,
    });
    expect(childEntries(42, 10)).toEqual({ entries: [], total: 0, remaining: 0 });
  });

  it('truncates long strings and says how much is left', () => {
    expect(truncateText('abcdef', 4)).toEqual({ text: 'abcd', remaining: 2 });
    expect(truncateText('abc', 4)).toEqual({ text: 'abc', remaining: 0 });
  });

  it('previews leaves as text, markup included verbatim', () => {
    expect(previewLeaf('<img src=x onerror=alert(1)>')).toBe('"<img src=x onerror=alert(1)>"');
    expect(previewLeaf(10n)).toBe('10n');
    expect(previewLeaf(undefined)).toBe('undefined');
    expect(previewLeaf(null)).toBe('null');
    expect(previewLeaf(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('summarises containers', () => {
    expect(summarize([1, 2, 3])).toBe('Array(3)');
    expect(summarize({ a: 1 })).toBe('{1 key}');
    expect(summarize({})).toBe('{0 keys}');
    expect(summarize(new Map())).toBe('Map(0)');
    expect(isContainer('x')).toBe(false);
    expect(isContainer([])).toBe(true);
  });

  it('copies any value as JSON without throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(JSON.parse(toCopyText(cyclic))).toEqual({ a: 1, self: '[Circular]' });
    expect(JSON.parse(toCopyText({ n: 5n, m: new Map([['k', new Set([1])]]) }))).toEqual({
      n: '5',
      m: { k: [1] },
    });
    expect(toCopyText(undefined)).toBe('undefined');
    const shared = { x: 1 };
    expect(JSON.parse(toCopyText([shared, shared]))).toEqual([{ x: 1 }, { x: 1 }]);
  });
});
