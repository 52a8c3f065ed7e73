import { describe, expect, it } from 'vitest';
import { ignoresArguments } from './ignoresArguments.ts';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { Workflow } from './Workflow.ts';

describe('ignoresArguments', () => {
  it('is true only for arrow functions with an empty parameter list', () => {
    expect(ignoresArguments(() => 1)).toBe(true);
    expect(ignoresArguments(async () => 1)).toBe(true);
    expect(ignoresArguments((inputs) => inputs)).toBe(false);
    expect(ignoresArguments((...args: unknown[]) => args)).toBe(false);
    expect(ignoresArguments((inputs: Record<string, unknown> = {}) => inputs)).toBe(false);
    expect(
      ignoresArguments(function () {
        // eslint-disable-next-line prefer-rest-params
        return arguments[0];
      }),
    ).toBe(false);
    expect(ignoresArguments((() => 1).bind(null))).toBe(false);
  });

  it('still hands inputs to functions that read them through rest parameters', async () => {
    const wf = new Workflow('w');
    wf.addTask(() => 41, { name: 'a' });
    wf.addTask((...args: unknown[]) => (args[0] as { a: number }).a + 1, {
      name: 'b',
      dependsOn: ['a'],
    });
    await wf.execute(new SequentialExecutor());
    expect(wf.getTaskResult('b')).toBe(42);
  });
});
