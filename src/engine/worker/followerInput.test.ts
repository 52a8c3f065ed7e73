import { describe, expect, it } from 'vitest';
import { followerInput, NOT_PLAIN } from './followerInput.ts';

function sparse(): number[] {
  const array = [1, 2, 3];
  delete array[1];
  return array;
}

describe('followerInput: what a chain hands on without the host', () => {
  it('passes small plain JSON data on, as a copy', () => {
    const value = { rows: [1, 'two', true, null, { nested: [3] }] };
    const copy = followerInput(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(followerInput(42)).toBe(42);
    expect(followerInput('text')).toBe('text');
    expect(followerInput(undefined)).toBeUndefined();
    expect(followerInput(null)).toBeNull();
  });

  it.each([
    ['a Map', new Map([['a', 1]])],
    ['a Date', new Date(0)],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a nested undefined', { a: undefined }],
    ['a sparse array', sparse()],
    ['a class instance', new (class Point {})()],
    ['a typed array', new Uint8Array(4)],
    ['a BigInt', 1n],
    ['a big array', Array.from({ length: 5000 }, (_, i) => i)],
    ['a long string', 'x'.repeat(100_000)],
  ])('stops the chain at %s', (_, value) => {
    expect(followerInput(value)).toBe(NOT_PLAIN);
  });

  it('stops at a cycle instead of walking it forever', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(followerInput(cyclic)).toBe(NOT_PLAIN);
  });

  it('keeps a key named __proto__ as data', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as object;
    const copy = followerInput(value) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});
