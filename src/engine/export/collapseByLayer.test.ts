import { describe, expect, it } from 'vitest';
import {
  bandSummary,
  collapseByLayer,
  collapsedLayout,
  longestPathLayers,
} from './collapseByLayer.ts';
import { doc, ETL, source } from './mermaidTestFixtures.ts';
import { MERMAID_CLASS_DEFS } from './mermaidStyles.ts';

describe('longestPathLayers', () => {
  it('places each task one layer below its deepest dependency', () => {
    const d = doc('l', [
      ['a', []],
      ['b', ['a']],
      ['c', ['a', 'b']],
      ['d', []],
    ]);
    expect(longestPathLayers(d)).toEqual({ layers: [[0, 3], [1], [2]], cyclic: [] });
  });

  it('reports tasks on a cycle instead of looping', () => {
    const d = doc('c', [
      ['a', []],
      ['b', ['c']],
      ['c', ['b']],
    ]);
    expect(longestPathLayers(d)).toEqual({ layers: [[0]], cyclic: [1, 2] });
  });
});

describe('collapseByLayer', () => {
  it('writes one node per layer with counts by status, coloured by the most urgent', () => {
    const wf = source('w', [
      { name: 'extract', status: 'completed' },
      { name: 'transform', deps: ['extract'], status: 'failed' },
      { name: 'validate', deps: ['extract'], status: 'completed' },
      { name: 'load', deps: ['transform', 'validate'], status: 'skipped' },
    ]);
    expect(collapseByLayer(wf)).toBe(
      [
        'graph TD',
        '    L0["Layer 1 · 1 task (1 completed)"]',
        '    L1["Layer 2 · 2 tasks (1 completed, 1 failed)"]',
        '    L2["Layer 3 · 1 task (1 skipped)"]',
        '    L0 --> L1',
        '    L1 --> L2',
        '',
        ...MERMAID_CLASS_DEFS,
        '    class L0 completed',
        '    class L1 failed',
        '    class L2 skipped',
        '',
      ].join('\n'),
    );
  });

  it('uses given statuses and a given layering', () => {
    const text = collapseByLayer(ETL, { load: 'running' }, () => [
      ['extract', 'transform'],
      ['validate', 'load'],
    ]);
    expect(text).toContain('L0["Layer 1 · 2 tasks (2 pending)"]');
    expect(text).toContain('L1["Layer 2 · 2 tasks (1 pending, 1 running)"]');
    expect(text).toContain('    class L1 running\n');
  });

  it('bands long chains to stay small', () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 10_000; i++) tasks.push([`t${i}`, i ? [`t${i - 1}`] : []]);
    const text = collapseByLayer(doc('chain', tasks), undefined, undefined, { maxNodes: 50 });
    const nodes = text.split('\n').filter((l) => /^ {4}L\d+\[/.test(l));
    expect(nodes).toHaveLength(50);
    expect(nodes[0]).toBe('    L0["Layers 1–200 · 200 tasks (200 pending)"]');
  });

  it('handles empty graphs, orientation and cycles', () => {
    expect(collapseByLayer(doc('e', []))).toBe('graph TD\n');
    const cyc = doc('c', [
      ['a', ['b']],
      ['b', ['a']],
    ]);
    expect(collapseByLayer(cyc, undefined, undefined, { orientation: 'lr' })).toContain(
      'graph LR\n    L0["On a cycle · 2 tasks (2 pending)"]\n',
    );
  });
});

describe('collapsedLayout and bandSummary', () => {
  it('give the bands once and their labels for any statuses (what the app updates in place)', () => {
    const layout = collapsedLayout(ETL, undefined, { orientation: 'lr' });
    expect(layout.orientation).toBe('LR');
    expect(layout.bands).toEqual([
      { id: 'L0', title: 'Layer 1', members: [0] },
      { id: 'L1', title: 'Layer 2', members: [1, 2] },
      { id: 'L2', title: 'Layer 3', members: [3] },
    ]);
    expect(layout.names).toEqual(['extract', 'transform', 'validate', 'load']);
    const statuses = ['completed', 'running', 'failed', 'pending'] as const;
    expect(layout.bands.map((b) => bandSummary(b, (i) => statuses[i]!))).toEqual([
      { label: 'Layer 1 · 1 task (1 completed)', status: 'completed' },
      { label: 'Layer 2 · 2 tasks (1 running, 1 failed)', status: 'failed' },
      { label: 'Layer 3 · 1 task (1 pending)', status: 'pending' },
    ]);
    const text = collapseByLayer(
      ETL,
      Object.fromEntries(layout.names.map((n, i) => [n, statuses[i]!])),
    );
    expect(text).toContain('    L1["Layer 2 · 2 tasks (1 running, 1 failed)"]\n');
  });
});
