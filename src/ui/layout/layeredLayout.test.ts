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
    expect(pos.a!.y).toBe(0);
    expect(pos.b!.y).toBe(pos.d!.y);
    expect(pos.c!.y).toBeGreaterThan(pos.b!.y);
    expect(pos.b!.x).not.toBe(pos.d!.x);
  });

  it('lays out left to right when asked', () => {
    const pos = layeredLayout(['a', 'b'].map(node), [{ source: 'a', target: 'b' }], 'LR');
    expect(pos.a!.y).toBe(pos.b!.y);
    expect(pos.b!.x).toBeGreaterThan(pos.a!.x);
  });

  it('handles a 100,000-task chain without recursion or overlap', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => node(`t${i}`));
    const edges = Array.from({ length: n - 1 }, (_, i) => ({
      source: `t${i}`,
      target: `t${i + 1}`,
    }));
    const pos = layeredLayout(nodes, edges, 'TD');
    expect(pos[`t${n - 1}`]!.y).toBeGreaterThan(pos[`t${n - 2}`]!.y);
  });
});
