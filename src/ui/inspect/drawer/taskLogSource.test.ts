import { describe, expect, it } from 'vitest';
import { MemoryStateStore, type RunLineage, type TaskRunState } from '../../../engine/index.ts';
import { whereTaskRan } from './taskLogSource.ts';

const completed = (name: string, restored = false): TaskRunState => ({
  name,
  status: 'completed',
  attempts: 1,
  attemptHistory: [],
  result: 1,
  ...(restored ? { restored } : {}),
});

function storeRun(
  store: MemoryStateStore,
  runId: string,
  tasks: TaskRunState[],
  retryOf?: RunLineage,
): void {
  store.saveRun({
    workflowId: 'wf',
    runId,
    status: 'completed',
    startedAt: 1,
    updatedAt: 1,
    ...(retryOf ? { retryOf } : {}),
  });
  for (const state of tasks) store.recordTask('wf', runId, state);
}

const lineage = (parentRunId: string, attempt: number): RunLineage => ({
  parentRunId,
  rootRunId: 'first',
  attempt,
});

describe('where a task ran (its logs)', () => {
  const store = new MemoryStateStore();
  storeRun(store, 'first', [completed('load'), completed('constructor')]);
  storeRun(store, 'second', [completed('load', true), completed('b')], lineage('first', 2));
  storeRun(store, 'third', [completed('load', true), completed('b', true)], lineage('second', 3));

  it.each([
    ['load', 'third', 'first'],
    ['b', 'third', 'second'],
    ['b', 'second', 'second'],
    ['load', 'first', 'first'],
    ['constructor', 'first', 'first'],
  ])('%s restored in %s ran in %s', async (task, runId, where) => {
    expect(await whereTaskRan(store, { workflowId: 'wf', runId }, task)).toEqual({
      runId: where,
      stored: true,
    });
  });

  it('a task restored by a resume ran in the same run (its stored state is not restored)', async () => {
    const shown = { workflowId: 'wf', runId: 'second', state: completed('b', true) };
    expect(await whereTaskRan(store, shown, 'b')).toEqual({ runId: 'second', stored: true });
  });

  it('uses the shown run until its record is written, and says when the run that ran it is gone', async () => {
    const early = {
      workflowId: 'wf',
      runId: 'not-written-yet',
      retryOf: lineage('second', 3),
      state: completed('load', true),
    };
    expect(await whereTaskRan(store, early, 'load')).toEqual({ runId: 'first', stored: true });
    const orphan = { ...early, retryOf: lineage('deleted', 2) };
    expect(await whereTaskRan(store, orphan, 'load')).toEqual({ runId: 'deleted', stored: false });
  });
});
