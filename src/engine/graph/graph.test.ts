import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphNodeSpec } from './IndexedGraph.ts';
import { downstreamClosure, upstreamClosure } from './closure.ts';
import { findCycle } from './findCycle.ts';
import { depths, layers } from './layers.ts';
import { topologicalOrder } from './topologicalOrder.ts';
import { wouldCreateCycle } from './wouldCreateCycle.ts';

const g = (spec: Record<string, string[]>) =>
  buildGraph(Object.entries(spec).map(([name, dependsOn]): GraphNodeSpec => ({ name, dependsOn })));
const names = (graph: ReturnType<typeof g>, idx: readonly number[]) =>
  idx.map((i) => graph.names[i]);

// The seed's diamond: a; b,c←a; d←[b,c]; e←c; f←[d,e].
const diamond = g({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: ['c'], f: ['d', 'e'] });

describe('buildGraph', () => {
  it('indexes nodes and records unknown dependencies and duplicate edges once', () => {
    const graph = g({ a: [], b: ['a', 'a', 'zz'] });
    expect(graph.upstream).toEqual([[], [0]]);
    expect(graph.downstream).toEqual([[1], []]);
    expect(graph.unknown).toEqual([[1, 'zz']]);
  });
});

describe('topologicalOrder', () => {
  it('orders every node after its dependencies, ties in insertion order', () => {
    expect(names(diamond, topologicalOrder(diamond))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(
      names(g({ z: [], y: [], x: ['z'] }), topologicalOrder(g({ z: [], y: [], x: ['z'] }))),
    ).toEqual(['z', 'y', 'x']);
  });
  it('leaves cyclic nodes out', () => {
    expect(topologicalOrder(g({ a: ['b'], b: ['a'], c: [] }))).toEqual([2]);
  });
});

describe('layers', () => {
  it('groups by longest-path depth (the seed diamond has 4 layers)', () => {
    expect(layers(diamond).map((l) => names(diamond, l))).toEqual([
      ['a'],
      ['b', 'c'],
      ['d', 'e'],
      ['f'],
    ]);
  });
  it('uses the longest path, not the shortest', () => {
    const graph = g({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(Array.from(depths(graph))).toEqual([0, 1, 2]);
  });
  it('keeps insertion order within a layer even when declared out of order', () => {
    const graph = g({ late: ['root'], root: [], early: ['root'] });
    expect(layers(graph).map((l) => names(graph, l))).toEqual([['root'], ['late', 'early']]);
  });
  it('throws on a cycle', () => {
    expect(() => layers(g({ a: ['b'], b: ['a'] }))).toThrow(/cycle/);
  });
});

describe('findCycle', () => {
  it.each([
    [{ a: [], b: ['a'] }, null],
    [{ a: ['c'], b: ['a'], c: ['b'] }, ['a', 'b', 'c', 'a']],
    [{ x: [], a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    [{ a: ['a'] }, ['a', 'a']],
  ])('%j → %j', (spec, expected) => {
    expect(findCycle(g(spec))).toEqual(expected);
  });
  it('handles a 100,000-node chain without overflowing the stack', () => {
    const n = 100_000;
    const spec = Array.from({ length: n }, (_, i) => ({
      name: `t${i}`,
      dependsOn: i ? [`t${i - 1}`] : [],
    }));
    expect(findCycle(buildGraph(spec))).toBeNull();
    spec[0]!.dependsOn = [`t${n - 1}`];
    expect(findCycle(buildGraph(spec))?.length).toBe(n + 1);
  });
});

describe('wouldCreateCycle', () => {
  const idx = (name: string) => diamond.index.get(name)!;
  it.each([
    ['a', 'f', null],
    ['f', 'a', ['f', 'a', 'b', 'd', 'f']],
    ['e', 'c', ['e', 'c', 'e']],
    ['b', 'b', ['b', 'b']],
    ['e', 'd', null],
  ])('edge %s → %s gives %j', (from, to, expected) => {
    expect(wouldCreateCycle(diamond, idx(from), idx(to))).toEqual(expected);
  });
});

describe('closures', () => {
  it('collects transitive upstream and downstream in insertion order', () => {
    expect(names(diamond, upstreamClosure(diamond, [diamond.index.get('f')!]))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(names(diamond, downstreamClosure(diamond, [diamond.index.get('c')!]))).toEqual([
      'd',
      'e',
      'f',
    ]);
    expect(upstreamClosure(diamond, [0])).toEqual([]);
  });
});
