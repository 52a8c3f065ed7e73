import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { docOf } from '../testing/docOf.ts';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { documentToFlow, edgeIdOf, withEstimatesFor, withoutEstimates } from './documentToFlow.ts';
import { syncView } from './syncView.ts';

describe('documentToFlow', () => {
  it('makes one node per task and one edge per dependency', () => {
    const { nodes, edges } = documentToFlow(etlPipeline);
    expect(nodes.map((n) => n.data.name)).toEqual(etlPipeline.tasks.map((t) => t.name));
    expect(edges).toHaveLength(etlPipeline.tasks.reduce((n, t) => n + t.dependsOn.length, 0));
    expect(edges).toContainEqual(expect.objectContaining({ source: 'validate', target: 'load' }));
  });

  it('places tasks without a position by longest-path depth', () => {
    const doc = docOf({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] });
    const ys = documentToFlow(doc).nodes.map((n) => n.position.y);
    expect(ys).toEqual([0, 130, 130, 260]);
    const xs = documentToFlow(doc).nodes.map((n) => n.position.x);
    expect(xs[1]).not.toBe(xs[2]);
  });

  it('keeps hostile names as plain data', () => {
    const name = '<img src=x onerror=alert(1)>';
    const doc: WorkflowDocument = { ...etlPipeline, tasks: [{ name, code: '', dependsOn: [] }] };
    expect(documentToFlow(doc).nodes[0]!.data.name).toBe(name);
  });

  it('gives every dependency its own edge id, whatever the names hold', () => {
    // c → "a->b" and "c->a" → b read "c->a->b" when names were joined as they are.
    const doc = docOf({ c: [], 'c->a': ['c'], b: ['c->a'], 'a->b': ['c'], '%3E': ['>'], '>': [] });
    for (const edges of [documentToFlow(doc).edges, syncView(doc, [], []).edges]) {
      expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
    }
    expect(edgeIdOf('c->a', 'b')).not.toBe(edgeIdOf('c', 'a->b'));
    expect(edgeIdOf('>', '%3E')).not.toBe(edgeIdOf('%3E', '>'));
    expect(edgeIdOf('extract', 'load')).toBe('extract->load');
  });

  it('estimates the handles of nodes not drawn yet on the sides the direction uses', () => {
    const doc = docOf({ a: [], b: ['a'] });
    const sides = (nodes: ReturnType<typeof documentToFlow>['nodes']) =>
      nodes.map((n) => n.handles?.map((h) => h.position).join('/'));
    expect(sides(documentToFlow(doc).nodes)).toEqual(['top/bottom', 'top/bottom']);
    expect(sides(documentToFlow(doc, 'LR').nodes)).toEqual(['left/right', 'left/right']);
    expect(sides(syncView(doc, [], [], undefined, 'LR').nodes)).toEqual([
      'left/right',
      'left/right',
    ]);
    // A drawn node (measured, no estimate) is left to React Flow's measuring.
    const drawn = withoutEstimates(documentToFlow(doc).nodes, new Set(['a']));
    const turned = withEstimatesFor(drawn, 'LR');
    expect(turned[0]).toBe(drawn[0]);
    expect(sides(turned)).toEqual([undefined, 'left/right']);
    expect(withEstimatesFor(turned, 'LR')).toBe(turned);
  });
});
