import { describe, expect, it } from 'vitest';
import { summarizeInstances } from '../../engine/index.ts';
import { mapProgressShort, mapProgressText } from './mapProgress.ts';

const summary = (statuses: Parameters<typeof summarizeInstances>[0], total: number) =>
  summarizeInstances(statuses, total);

describe('map progress', () => {
  it('counts ended instances of the total, and says the statuses in words', () => {
    const s = summary(
      [
        ...Array.from({ length: 35 }, () => ({ status: 'completed' as const })),
        { status: 'failed' },
        { status: 'failed' },
        { status: 'running' },
      ],
      100,
    );
    expect(mapProgressShort(s)).toBe('37 / 100');
    expect(mapProgressText(s)).toBe('37 of 100 instances done: 35 completed, 2 failed, 1 running');
  });

  it('says nothing of statuses no instance has, and one instance in the singular', () => {
    expect(mapProgressText(summary([], 1))).toBe('0 of 1 instance done');
    expect(mapProgressShort(summary([], 1_000))).toBe('0 / 1,000');
  });
});
