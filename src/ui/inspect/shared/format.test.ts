import { describe, expect, it } from 'vitest';
import type { RunView } from '../../store/runSlice.ts';
import { isRunActive, shortRunId, taskStatesOf } from './format.ts';

describe('format', () => {
  it('shortens run ids', () => {
    expect(shortRunId('d1d46e5b-bd11-4fee')).toBe('d1d46e5b');
    expect(shortRunId('run-abcdef123456')).toBe('abcdef12');
  });

  it('lists every task of the run document, absent ones pending', () => {
    const run = {
      status: 'running',
      document: {
        tasks: [
          { name: 'a', code: '', dependsOn: [] },
          { name: 'b', code: '', dependsOn: ['a'] },
        ],
      },
      tasks: { a: { name: 'a', status: 'completed', attempts: 1, attemptHistory: [] } },
    } as unknown as RunView;
    expect(taskStatesOf(run).map((t) => [t.name, t.status])).toEqual([
      ['a', 'completed'],
      ['b', 'pending'],
    ]);
    expect(isRunActive(run)).toBe(true);
    expect(isRunActive(null)).toBe(false);
  });
});
