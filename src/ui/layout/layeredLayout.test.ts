import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layeredLayout.ts';

const node = (id: string) => ({ id, width: 100, height: 40 });

describe('layeredLayout', () => {
  it('puts each task one layer below its deepest upstream', () => {
    const pos = layeredLayout(
      ['a', 'b', 'c', 'd'].map(node),
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'c' },
        { source: 'a', target: 'd' },
      ],
      'TD',
    );
    expect(pos.get('a')!.y).toBe(0);
    expect(pos.get('b')!.y).toBe(pos.get('d')!.y);
    expect(pos.get('c')!.y).toBeGreaterThan(pos.get('b')!.y);
    expect(pos.get('b')!.x).not.toBe(pos.get('d')!.x);
  });

  it('lays out left to right when asked', () => {
    const pos = layeredLayout(['a', 'b'].map(node), [{ source: 'a', target: 'b' }], 'LR');
    expect(pos.get('a')!.y).toBe(pos.get('b')!.y);
    expect(pos.get('b')!.x).toBeGreaterThan(pos.get('a')!.x);
  });

  it('handles a 100,000-task chain without recursion or overlap', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => node(`t${i}`));
    const edges = Array.from({ length: n - 1 }, (_, i) => ({
      source: `t${i}`,
      target: `t${i + 1}`,
    }));
    const pos = layeredLayout(nodes, edges, 'TD');
    expect(pos.get(`t${n - 1}`)!.y).toBeGreaterThan(pos.get(`t${n - 2}`)!.y);
  });

  it.each(Object.getOwnPropertyNames(Object.prototype))('places a task named %s', (name) => {
    const pos = layeredLayout([node('root'), node(name)], [{ source: 'root', target: name }], 'TD');
    expect([...pos.keys()].sort()).toEqual(['root', name].sort());
    expect(pos.get(name)!.y).toBeGreaterThan(pos.get('root')!.y);
  });
});
