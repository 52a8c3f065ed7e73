import { describe, expect, it } from 'vitest';
import {
  instanceKey,
  summarizeInstances,
  type RunEvent,
  type TaskInstanceState,
  type TaskRunState,
  type WorkflowDocument,
} from '../../engine/index.ts';
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

describe('reduceRunEvents on a mapped task', () => {
  const instance = (index: number, status: TaskInstanceState['status']): TaskInstanceState => ({
    task: 'b',
    index,
    status,
    attempts: 1,
    attemptHistory: [],
  });
  const instanceEvent = (state: TaskInstanceState, done: TaskInstanceState[]): RunEvent => ({
    type: 'task-instance',
    runId: 'r',
    task: 'b',
    index: state.index,
    status: state.status,
    previous: 'running',
    attempt: 1,
    at: 10,
    state,
    map: summarizeInstances(done, 3),
  });

  it("keeps instances by index and the task's counts from task-instance events", () => {
    const b = { ...state('b', 'running'), map: summarizeInstances([], 3) };
    const first = instance(2, 'completed');
    const second = instance(0, 'failed');
    const after = reduceRunEvents(view([b]), [
      instanceEvent(first, [first]),
      instanceEvent(second, [first, second]),
    ]);
    expect(after.instances!['b']![2]).toBe(first);
    expect(after.instances!['b']![0]).toBe(second);
    expect(after.instances!['b']![1]).toBeUndefined();
    expect(after.tasks['b']!.status).toBe('running');
    expect(after.tasks['b']!.map!.counts).toMatchObject({ completed: 1, failed: 1, pending: 1 });
    // A later batch copies the list, leaving the view before it as it was.
    const later = reduceRunEvents(after, [instanceEvent(instance(1, 'running'), [first, second])]);
    expect(later.instances!['b']![1]!.status).toBe('running');
    expect(after.instances!['b']![1]).toBeUndefined();
  });

  it("files an instance's log lines under its instance key, not under the task", () => {
    const line = { ts: 1, level: 'log' as const, message: 'item 4' };
    const after = reduceRunEvents(view([state('b', 'running')]), [
      { type: 'task-log', runId: 'r', task: 'b', line, instance: 4 },
      { type: 'task-log', runId: 'r', task: 'b', line },
    ]);
    expect(after.logs[instanceKey('b', 4)]).toEqual([line]);
    expect(after.logs['b']).toEqual([line]);
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
