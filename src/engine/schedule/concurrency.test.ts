import { describe, expect, it } from 'vitest';
import { AsyncExecutor } from '../execute/AsyncExecutor.ts';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { Workflow } from '../model/Workflow.ts';
import { deferred, flushMicrotasks, maxOverlap, type Deferred } from './testHelpers.ts';

/** Tasks that record start/end and finish only when the test resolves them. */
function controlled(wf: Workflow, timeline: string[], gates: Map<string, Deferred>) {
  return (name: string, dependsOn: string[] = []) => {
    const gate = deferred();
    gates.set(name, gate);
    wf.addTask(
      async () => {
        timeline.push(`start:${name}`);
        await gate.promise;
        timeline.push(`end:${name}`);
        return name;
      },
      { name, dependsOn },
    );
  };
}

describe('concurrency', () => {
  it('never runs more than maxConcurrent (2) tasks at once', async () => {
    const wf = new Workflow('max2');
    const timeline: string[] = [];
    const gates = new Map<string, Deferred>();
    const add = controlled(wf, timeline, gates);
    for (let i = 0; i < 6; i++) add(`t${i}`);
    const run = wf.execute(new AsyncExecutor({ maxConcurrent: 2 }));
    for (let i = 0; i < 6; i++) {
      await flushMicrotasks();
      expect(timeline.filter((e) => e.startsWith('start')).length).toBe(Math.min(6, i + 2));
      gates.get(`t${i}`)!.resolve(undefined);
    }
    await run;
    expect(maxOverlap(timeline)).toBe(2);
    expect(timeline).toHaveLength(12);
  });

  it('does not let a slow task delay an unrelated ready task (no layer barrier)', async () => {
    const wf = new Workflow('readiness');
    const timeline: string[] = [];
    const gates = new Map<string, Deferred>();
    const add = controlled(wf, timeline, gates);
    add('slow');
    add('quick');
    add('afterQuick', ['quick']);
    const run = wf.execute(new AsyncExecutor({ maxConcurrent: 2 }));
    await flushMicrotasks();
    gates.get('quick')!.resolve(undefined);
    await flushMicrotasks();
    // afterQuick (layer 1) starts while slow (layer 0) is still running.
    expect(timeline).toEqual(['start:slow', 'start:quick', 'end:quick', 'start:afterQuick']);
    gates.get('afterQuick')!.resolve(undefined);
    gates.get('slow')!.resolve(undefined);
    await run;
    expect(timeline.at(-1)).toBe('end:slow');
  });

  it('SequentialExecutor runs one task at a time, in readiness order with insertion-order ties', async () => {
    const wf = new Workflow('seq');
    const timeline: string[] = [];
    for (const [name, deps] of [
      ['a', []],
      ['b', ['a']],
      ['c', []],
      ['d', ['b']],
    ] as const) {
      wf.addTask(
        async () => {
          timeline.push(`start:${name}`);
          await Promise.resolve();
          timeline.push(`end:${name}`);
        },
        { name, dependsOn: deps },
      );
    }
    await wf.execute(new SequentialExecutor());
    expect(maxOverlap(timeline)).toBe(1);
    expect(timeline.filter((e) => e.startsWith('start')).map((e) => e.slice(6))).toEqual([
      'a',
      'c',
      'b',
      'd',
    ]);
  });

  it('rejects a maxConcurrent that is not a positive integer', () => {
    expect(() => new AsyncExecutor({ maxConcurrent: 0 })).toThrow(/positive integer/);
  });
});
