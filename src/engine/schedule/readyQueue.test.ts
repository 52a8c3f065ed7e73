import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { Workflow } from '../model/Workflow.ts';

describe('ready queue', () => {
  it('keeps requeueing retries past its initial capacity, in order', async () => {
    const wf = new Workflow('w');
    let calls = 0;
    wf.addTask(
      () => {
        if (++calls < 40) throw new Error(`try ${calls}`);
        return calls;
      },
      { name: 'flaky', retries: 50 },
    );
    wf.addTask((inputs) => inputs.flaky, { name: 'after', dependsOn: ['flaky'] });
    await wf.execute(new SequentialExecutor());
    expect(wf.getTask('flaky')!.attempts).toBe(40);
    expect(wf.getTask('flaky')!.attemptHistory.at(-1)!.outcome).toBe('completed');
    expect(wf.getTaskResult('after')).toBe(40);
  });
});
