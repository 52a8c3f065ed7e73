import { describe, expect, it } from 'vitest';
import type { StoredRun, TaskInstanceState } from '../../engine/index.ts';
import { instanceAt, instancesFromStored } from './mapInstances.ts';

const instance = (index: number, status: TaskInstanceState['status']): TaskInstanceState => ({
  task: 'b',
  index,
  status,
  attempts: 1,
  attemptHistory: [],
});

const stored = {
  instances: { b: [instance(0, 'completed'), instance(2, 'failed'), instance(3, 'completed')] },
} as unknown as StoredRun;

describe('instances of a stored run', () => {
  it('lists them by index, with holes for instances never started', () => {
    const list = instancesFromStored(stored)['b']!;
    expect(list.map((s) => s?.status)).toEqual(['completed', undefined, 'failed', 'completed']);
    expect(instanceAt(list, 'b', 1)).toMatchObject({ index: 1, status: 'pending', attempts: 0 });
  });

  it('keeps only the completed ones, marked restored, for a resume', () => {
    const list = instancesFromStored(stored, true)['b']!;
    expect(list[0]).toMatchObject({ status: 'completed', restored: true });
    expect(list[2]).toBeUndefined();
    expect(list[3]).toMatchObject({ restored: true });
  });
});
