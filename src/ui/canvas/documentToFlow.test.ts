import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { docOf } from '../testing/docOf.ts';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { documentToFlow } from './documentToFlow.ts';

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
});
