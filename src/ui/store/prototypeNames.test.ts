// Tasks named after Object.prototype (`constructor`, `__proto__`, `toString`, …) in the run slice and
// the helpers that read it: a task the run has not reached reads as pending, and every event about
// it lands on it, even when the view came through a clone (another tab, a stored run).
import { describe, expect, it } from 'vitest';
import type { LogLine, RunEvent, TaskRunState, WorkflowDocument } from '../../engine/index.ts';
import { countTasks, runViewFromStored } from '../inspect/history/runSummary.ts';
import { toCopyText } from '../inspect/drawer/jsonTree.ts';
import { taskStatesOf } from '../inspect/shared/format.ts';
import { planPartialRun } from '../run/runPlan.ts';
import { useAppStore } from './appStore.ts';
import {
  LIVE_LOG_CAP,
  reduceRunEvents,
  runProgress,
  taskRunStateOf,
  taskStatusIn,
  type RunView,
} from './runSlice.ts';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

const docWith = (name: string): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id: `wf-${name}`,
  name: 'p',
  tasks: [
    { name: 'first', code: 'return 1', dependsOn: [] },
    { name, code: 'return first + 1', dependsOn: ['first'] },
  ],
});

const state = (name: string, status: TaskRunState['status'], result?: unknown): TaskRunState => ({
  name,
  status,
  attempts: status === 'pending' ? 0 : 1,
  attemptHistory: [],
  ...(result === undefined ? {} : { result }),
});

/** A view as another tab or a stored run hands it over: cloned, so its records are plain objects. */
function clonedView(doc: WorkflowDocument, tasks: TaskRunState[]): RunView {
  return structuredClone({
    runId: 'r',
    workflowId: doc.id,
    document: doc,
    executor: { kind: 'threaded' },
    status: 'running',
    source: 'remote',
    startedAt: 0,
    tasks: Object.fromEntries(tasks.map((t) => [t.name, t])),
    logs: {},
    droppedLogs: {},
    restored: [],
  } satisfies RunView);
}

const status = (task: string, s: TaskRunState['status'], result?: unknown): RunEvent => ({
  type: 'task-status',
  runId: 'r',
  task,
  status: s,
  previous: 'pending',
  attempt: 1,
  at: 1,
  state: state(task, s, result),
});

const log = (task: string, message: string): RunEvent => ({
  type: 'task-log',
  runId: 'r',
  task,
  line: { ts: 1, level: 'log', message } satisfies LogLine,
});

describe.each(NAMES)('a task named %s', (name) => {
  const doc = docWith(name);

  it('reads as pending, with no logs, before the run reaches it', () => {
    const run = clonedView(doc, [state('first', 'running')]);
    useAppStore.getState().showRun(run);
    const shown = useAppStore.getState().run!;
    expect(Object.getPrototypeOf(shown.tasks)).toBeNull();
    expect(taskStatusIn(shown, name)).toBe('pending');
    expect(shown.logs[name]).toBeUndefined();
    expect(shown.droppedLogs[name]).toBeUndefined();
    expect(runProgress(shown)).toMatchObject({ total: 2, done: 0, running: 1 });
    expect(taskStatesOf(shown).map((t) => [t.name, t.status])).toEqual([
      ['first', 'running'],
      [name, 'pending'],
    ]);
    useAppStore.setState({ document: doc });
    expect(taskRunStateOf(useAppStore.getState(), name)).toBeUndefined();
    useAppStore.getState().clearRun();
  });

  it('gets its status, logs and final state from the events', () => {
    let run = clonedView(doc, []);
    run = reduceRunEvents(run, [
      status('first', 'completed', 1),
      status(name, 'running'),
      log(name, 'one'),
      log(name, 'two'),
    ]);
    expect(taskStatusIn(run, name)).toBe('running');
    expect(run.logs[name]!.map((l) => l.message)).toEqual(['one', 'two']);
    // The result crosses postMessage: a plain object with `name` as an own key.
    const tasks = structuredClone(
      Object.fromEntries([
        ['first', state('first', 'completed', 1)],
        [name, state(name, 'completed', 2)],
      ]),
    );
    run = reduceRunEvents(run, [
      {
        type: 'run-finished',
        runId: 'r',
        status: 'completed',
        at: 2,
        result: {
          runId: 'r',
          workflowId: doc.id,
          status: 'completed',
          startedAt: 0,
          finishedAt: 2,
          durationMs: 2,
          tasks,
          stats: {
            totalTasks: 2,
            completed: 2,
            failed: 0,
            pending: 0,
            running: 0,
            skipped: 0,
            cancelled: 0,
            totalTimeMs: 2,
          },
          restored: [],
          handledFailures: [],
        },
      },
    ]);
    expect(Object.keys(run.tasks).sort()).toEqual(['first', name].sort());
    expect(run.tasks[name]!.result).toBe(2);
    expect(runProgress(run)).toMatchObject({ total: 2, done: 2, completed: 2 });
  });

  it('counts the log lines the cap drops', () => {
    const lines = Array.from({ length: LIVE_LOG_CAP + 3 }, (_, i) => log(name, `line ${i}`));
    const run = reduceRunEvents(clonedView(doc, []), lines);
    expect(run.logs[name]).toHaveLength(LIVE_LOG_CAP);
    expect(run.droppedLogs[name]).toBe(3);
  });

  it('is pending in a stored run that never reached it, and refuses to run downstream of it', () => {
    const stored = structuredClone({ first: state('first', 'completed', 1) });
    expect(countTasks(stored, doc)).toMatchObject({ completed: 1, pending: 1 });
    const view = runViewFromStored(
      { run: { ...clonedView(doc, []), updatedAt: 0 }, tasks: stored },
      doc,
    );
    expect(taskStatusIn(view, name)).toBe('pending');
    const after = { ...doc, tasks: [...doc.tasks, { name: 'after', code: '', dependsOn: [name] }] };
    const plan = planPartialRun(after, stored, 'after', 'this-task');
    expect(plan).toMatchObject({ ok: false, message: expect.stringContaining(`"${name}"`) });
  });

  it('is copied as an own key of an output', () => {
    const value = JSON.parse(`{${JSON.stringify(name)}: 1, "other": 2}`) as object;
    expect(JSON.parse(toCopyText(value))).toEqual(value);
    expect(Object.keys(JSON.parse(toCopyText(value)) as object)).toContain(name);
  });
});
