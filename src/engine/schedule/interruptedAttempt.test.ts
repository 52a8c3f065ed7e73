// A runner that lost an attempt through no fault of the task (its machine or worker died) rejects
// with an AttemptInterruptedError: the attempt is recorded `interrupted` and runs again without
// using up a retry; past the limit the task fails, so a task that kills every worker still ends.
import { describe, expect, it } from 'vitest';
import { AttemptInterruptedError, WorkflowExecutionError } from '../model/errors.ts';
import { Workflow } from '../model/Workflow.ts';
import { executeWithRunner } from '../execute/runWithRunner.ts';
import type { AttemptRequest, TaskRunner } from './TaskRunner.ts';
import { MAX_INTERRUPTED_ATTEMPTS } from './Scheduler.ts';

/** Interrupts the first `interrupts` attempts of every task, then returns the attempt number. */
function interruptingRunner(interrupts: number): TaskRunner {
  return {
    concurrency: 2,
    run(request: AttemptRequest): Promise<unknown> {
      if (request.ctx.attempt <= interrupts)
        return Promise.reject(new AttemptInterruptedError(request.task.name, 'worker lost'));
      return Promise.resolve(request.ctx.attempt);
    },
  };
}

function workflow(retries: number): Workflow {
  return Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'interrupts',
    name: 'interrupts',
    tasks: [
      { name: 'a', code: 'return 1;', dependsOn: [], retries },
      { name: 'b', code: 'return a;', dependsOn: ['a'] },
    ],
  });
}

describe('interrupted attempts', () => {
  it('run again without using up a retry, recorded as interrupted', async () => {
    const result = await executeWithRunner(workflow(0), interruptingRunner(1));
    expect(result.status).toBe('completed');
    const a = result.tasks.a!;
    expect(a.attempts).toBe(2);
    expect(a.result).toBe(2);
    expect(a.attemptHistory.map((h) => h.outcome)).toEqual(['interrupted', 'completed']);
    expect(a.attemptHistory[0]!.error?.code).toBe('E_ATTEMPT_INTERRUPTED');
  });

  it(`fail the task after ${MAX_INTERRUPTED_ATTEMPTS} in a row`, async () => {
    const run = executeWithRunner(workflow(0), interruptingRunner(100));
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowExecutionError);
    const a = (error as WorkflowExecutionError<{ tasks: Record<string, { attempts: number }> }>)
      .result.tasks.a!;
    expect(a.attempts).toBe(MAX_INTERRUPTED_ATTEMPTS + 1);
  });
});
