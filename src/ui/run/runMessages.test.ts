import { describe, expect, it } from 'vitest';
import type { RunResult, TaskRunState } from '../../engine/index.ts';
import { describeOutcome } from './runMessages.ts';

const state = (name: string, status: TaskRunState['status'], extra = {}): TaskRunState => ({
  name,
  status,
  attempts: 1,
  attemptHistory: [],
  ...extra,
});

const result = (status: RunResult['status'], tasks: TaskRunState[]): RunResult =>
  ({
    runId: 'r',
    workflowId: 'w',
    status,
    startedAt: 0,
    finishedAt: 1500,
    durationMs: 1500,
    tasks: Object.fromEntries(tasks.map((t) => [t.name, t])),
    restored: [],
  }) as unknown as RunResult;

describe('describeOutcome', () => {
  it('says a run timed out, what was cancelled and what never started', () => {
    const timedOut = {
      ...result('failed', [
        state('a', 'completed'),
        state('slow', 'cancelled'),
        state('after', 'pending', { attempts: 0 }),
      ]),
      timedOut: true as const,
    };
    expect(describeOutcome(timedOut)).toBe(
      "Run timed out after 1.50 s (the workflow's timeout): 1 running task cancelled, 1 not started, 1 completed result kept.",
    );
  });

  it('says how many tasks completed and how long it took', () => {
    expect(describeOutcome(result('completed', [state('a', 'completed')]))).toBe(
      'Run completed: 1 task in 1.50 s',
    );
  });

  it('says a completed run handled a failure, and which one', () => {
    const error = {
      name: 'TaskExecutionError',
      message: 'Task "extract" failed after 1 attempt: boom',
      cause: { name: 'Error', message: 'boom' },
    };
    expect(
      describeOutcome(
        result('completed', [state('extract', 'failed', { error }), state('alert', 'completed')]),
      ),
    ).toBe('Run completed — 1 failure handled: 1 task in 1.50 s. "extract" threw: boom.');
  });

  it('names the failed task and says it timed out', () => {
    const error = {
      name: 'TaskTimeoutError',
      code: 'E_TIMEOUT',
      message: 'Task "loop" failed after 1 attempt: timed out after 1000 ms',
      cause: { name: 'Error', message: 'timed out after 1000 ms' },
    };
    const text = describeOutcome(
      result('failed', [state('loop', 'failed', { error }), state('b', 'skipped')]),
    );
    expect(text).toContain('"loop" timed out after 1000 ms');
    expect(text).toContain('1 skipped');
  });

  it('quotes what a task threw', () => {
    const error = {
      name: 'TaskExecutionError',
      message: 'Task "x" failed after 1 attempt: boom',
      cause: { name: 'Error', message: 'boom' },
    };
    expect(describeOutcome(result('failed', [state('x', 'failed', { error })]))).toContain(
      '"x" threw: boom',
    );
  });

  it('says what a cancel kept', () => {
    expect(
      describeOutcome(result('cancelled', [state('a', 'completed'), state('b', 'cancelled')])),
    ).toBe('Run cancelled: 1 completed result kept, 1 cancelled');
  });
});
