import { describe, expect, it } from 'vitest';
import type { TaskRunState, WorkflowDocument } from '../../engine/index.ts';
import type { AppState } from './appStore.ts';
import {
  reduceRunEvents,
  runProgress,
  selectShownRun,
  taskRunStateOf,
  type RunView,
} from './runSlice.ts';

const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'wf',
  name: 'wf',
  tasks: ['a', 'b', 'c', 'd'].map((name) => ({ name, code: 'return 1', dependsOn: [] })),
};

const state = (name: string, status: TaskRunState['status']): TaskRunState => ({
  name,
  status,
  attempts: 1,
  attemptHistory: [],
});

const view = (tasks: TaskRunState[]): RunView => ({
  runId: 'r',
  workflowId: 'wf',
  document: doc,
  executor: { kind: 'threaded', workers: 2 },
  status: 'running',
  source: 'live',
  startedAt: 0,
  tasks: Object.fromEntries(tasks.map((t) => [t.name, t])),
  logs: {},
  droppedLogs: {},
  restored: [],
});

describe('runProgress', () => {
  it('counts done, failed and running tasks of the run document', () => {
    const p = runProgress(
      view([state('a', 'completed'), state('b', 'failed'), state('c', 'running')]),
    );
    expect(p).toMatchObject({ total: 4, done: 2, completed: 1, failed: 1, running: 1 });
  });

  it('ignores states of tasks the run does not execute', () => {
    expect(runProgress(view([state('elsewhere', 'completed')])).done).toBe(0);
  });
});

describe('reduceRunEvents', () => {
  it("measures the run from the engine's start, the first one for a resumed run", () => {
    const started = (at: number, startedAt?: number) =>
      reduceRunEvents({ ...view([]), startedAt: 500 }, [
        {
          type: 'run-started',
          runId: 'r',
          workflowId: 'wf',
          at,
          ...(startedAt !== undefined ? { startedAt } : {}),
          resumed: false,
          restored: [],
          tasks: [],
        },
      ]).startedAt;
    expect(started(520)).toBe(520);
    expect(started(9_000, 100)).toBe(100);
  });

  it('keeps the state objects of tasks an event did not touch', () => {
    const a = state('a', 'completed');
    const before = view([a]);
    const after = reduceRunEvents(before, [
      {
        type: 'task-status',
        runId: 'r',
        task: 'b',
        status: 'running',
        previous: 'pending',
        attempt: 1,
        at: 1,
        state: state('b', 'running'),
      },
    ]);
    expect(after.tasks.a).toBe(a);
    expect(after.tasks.b!.status).toBe('running');
    expect(before.tasks.b).toBeUndefined();
    // The header's elapsed clock moves with the latest transition.
    expect(after.lastEventAt).toBe(1);
    expect(before.lastEventAt).toBeUndefined();
  });

  it('keeps unchanged task objects when the run finishes', () => {
    const a = { ...state('a', 'completed'), finishedAt: 5 };
    const after = reduceRunEvents(view([a]), [
      {
        type: 'run-finished',
        runId: 'r',
        status: 'failed',
        at: 9,
        result: {
          tasks: { a: { ...a }, b: { ...state('b', 'failed'), finishedAt: 8 } },
        } as never,
      },
    ]);
    expect(after.tasks.a).toBe(a);
    expect(after.tasks.b!.status).toBe('failed');
    expect(after.status).toBe('failed');
    expect(after.finishedAt).toBe(9);
  });

  it('marks a run that timed out', () => {
    const finished = (timedOut: boolean) =>
      reduceRunEvents(view([]), [
        {
          type: 'run-finished',
          runId: 'r',
          status: 'failed',
          at: 9,
          result: { tasks: {}, ...(timedOut ? { timedOut: true } : {}) } as never,
        },
      ]);
    expect(finished(true).timedOut).toBe(true);
    expect(finished(false)).not.toHaveProperty('timedOut');
  });
});

describe('selectShownRun', () => {
  it('shows a run only with its own workflow, whatever the task names', () => {
    const run = view([state('a', 'completed')]);
    const open = (id: string) => ({ run, document: { ...doc, id } }) as unknown as AppState;
    expect(selectShownRun(open('wf'))).toBe(run);
    expect(taskRunStateOf(open('wf'), 'a')?.status).toBe('completed');
    // Another workflow with a task named `a` as well: no run, no status.
    expect(selectShownRun(open('other'))).toBeNull();
    expect(taskRunStateOf(open('other'), 'a')).toBeUndefined();
  });
});
