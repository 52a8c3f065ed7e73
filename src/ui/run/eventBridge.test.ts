import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/index.ts';
import { createEventBridge } from './eventBridge.ts';

const log = (n: number): RunEvent => ({
  type: 'task-log',
  runId: 'r',
  task: 't',
  line: { ts: n, level: 'log', message: String(n) },
});

describe('createEventBridge', () => {
  it('applies queued events once per frame, in order', () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const bridge = createEventBridge(
      (events) => batches.push(events.map((e) => (e.type === 'task-log' ? e.line.ts : -1))),
      (flush) => frames.push(flush),
    );
    bridge.push(log(1));
    bridge.push(log(2));
    bridge.push(log(3));
    expect(frames).toHaveLength(1);
    expect(batches).toEqual([]);
    frames[0]!();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes at once when the run finishes', () => {
    const batches: number[] = [];
    const bridge = createEventBridge(
      (events) => batches.push(events.length),
      () => {},
    );
    bridge.push(log(1));
    bridge.push({
      type: 'run-finished',
      runId: 'r',
      status: 'completed',
      at: 1,
      result: {} as never,
    });
    expect(batches).toEqual([2]);
  });
});
