import { describe, expect, it } from 'vitest';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { renameTask, setPositions, updateTask } from '../document/docOps.ts';
import { documentToFlow } from './documentToFlow.ts';
import { syncView } from './syncView.ts';

describe('syncView (document → flow)', () => {
  const first = syncView(etlPipeline, [], []);

  it('matches documentToFlow for a fresh document', () => {
    const plain = documentToFlow(etlPipeline);
    expect(first.nodes.map((n) => [n.id, n.position])).toEqual(
      plain.nodes.map((n) => [n.id, n.position]),
    );
    expect(first.edges.map((e) => e.id)).toEqual(plain.edges.map((e) => e.id));
  });

  it('reuses unchanged nodes and edges so memoised views do not re-render', () => {
    const moved = setPositions(etlPipeline, new Map([['load', { x: 1, y: 1 }]]));
    const next = syncView(moved, first.nodes, first.edges);
    next.nodes.forEach((n, i) => {
      if (n.id === 'load') expect(n).not.toBe(first.nodes[i]);
      else expect(n).toBe(first.nodes[i]);
    });
    expect(next.edges).toEqual(first.edges);
    next.edges.forEach((e, i) => expect(e).toBe(first.edges[i]));
  });

  it('keeps selection and size across edits and renames', () => {
    const prev = first.nodes.map((n) =>
      n.id === 'validate' ? { ...n, selected: true, measured: { width: 10, height: 5 } } : n,
    );
    const renamed = renameTask(
      updateTask(etlPipeline, 'validate', { retries: 1 }),
      'validate',
      'check',
    );
    const next = syncView(renamed, prev, first.edges, new Map([['validate', 'check']]));
    const node = next.nodes.find((n) => n.id === 'check')!;
    expect(node).toMatchObject({ selected: true, measured: { width: 10, height: 5 } });
    expect(node.data.name).toBe('check');
    expect(next.edges.map((e) => e.id)).toContain('transform->check');
  });
});
