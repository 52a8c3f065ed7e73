import { describe, expect, it } from 'vitest';
import type { RunView } from '../../store/runSlice.ts';
import { formatDuration, isRunActive, shortRunId, taskStatesOf } from './format.ts';

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.20 s');
    expect(formatDuration(42_000)).toBe('42.0 s');
    expect(formatDuration(185_000)).toBe('3 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
  });

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
