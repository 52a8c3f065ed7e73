import { describe, expect, it } from 'vitest';
import type { AttemptMessage, WorkerReport } from '../worker/protocol.ts';
import { decodeResults, decodeRun, encodeResults, encodeRun } from './taskWire.ts';

describe('taskWire', () => {
  it('carries a batch through a flat array unchanged (sources, keys, starts, missing inputs)', () => {
    const batch: AttemptMessage[] = [
      {
        id: 1,
        task: { kind: 'code', name: 'a', code: 'return 1;', upstream: ['x'], key: 4 },
        inputs: { x: { deep: [1, 2] } },
        attempt: 1,
        runId: 'run',
        startKnown: true,
      },
      {
        id: 2,
        task: { kind: 'known', key: 4, name: 'b' },
        inputs: {},
        attempt: 3,
        runId: 'run',
        missing: [{ name: 'x', status: 'failed' }],
      },
      {
        id: 3,
        task: { kind: 'function', name: 'c', source: '(() => 1)' },
        inputs: { y: null },
        attempt: 2,
        runId: 'other',
      },
    ];
    const wire = structuredClone(encodeRun(batch));
    expect(decodeRun(wire)).toEqual(batch);
  });

  it('sends a report of results alone as an array, and anything else in its object form', () => {
    const results: WorkerReport = {
      logs: [],
      outcomes: [
        { type: 'ok', id: 1, value: { rows: [1] }, startedAt: 10, finishedAt: 11, durationMs: 0.5 },
        { type: 'ok', id: 2, value: undefined, startedAt: 11, finishedAt: 12, durationMs: 1 },
      ],
    };
    const wire = encodeResults(results);
    expect(Array.isArray(wire)).toBe(true);
    expect(decodeResults(structuredClone(wire!))).toEqual(results);
    const failed: WorkerReport = {
      logs: [],
      outcomes: [
        {
          type: 'error',
          id: 3,
          error: { name: 'Error', message: 'no' },
          startedAt: 1,
          finishedAt: 2,
          durationMs: 1,
        },
      ],
    };
    const logged: WorkerReport = {
      logs: [{ id: 1, lines: [{ ts: 1, level: 'log', message: 'hi' }] }],
      outcomes: results.outcomes,
    };
    const started: WorkerReport = { logs: [], outcomes: [], started: [4] };
    const crashed: WorkerReport = {
      logs: [],
      outcomes: [],
      crash: { error: { name: 'Error', message: 'x' } },
    };
    for (const report of [failed, logged, started, crashed])
      expect(encodeResults(report)).toBeUndefined();
  });
});
