import { describe, expect, it } from 'vitest';
import type { RunRecord, TaskRunState, WorkflowDocument } from '../../../engine/index.ts';
import { countTasks, nonZeroCounts, runViewFromStored, summarizeRun } from './runSummary.ts';

const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'wf',
  name: 'Demo',
  tasks: ['a', 'b', 'c'].map((name) => ({ name, code: 'return 1;', dependsOn: [] })),
};
const state = (name: string, status: TaskRunState['status'], restored = false): TaskRunState => ({
  name,
  status,
  attempts: 1,
  attemptHistory: [],
  ...(restored ? { restored } : {}),
});
const record: RunRecord = {
  workflowId: 'wf',
  runId: 'run-1234567890',
  status: 'failed',
  startedAt: 1000,
  finishedAt: 3500,
  document: doc,
  executor: { kind: 'async', options: { concurrency: 3 } },
  updatedAt: 3500,
};

describe('run history rows', () => {
  it('summarises duration and counts, unreached tasks as pending', () => {
    const tasks = { a: state('a', 'completed'), b: state('b', 'failed') };
    const row = summarizeRun(record, tasks);
    expect(row.durationMs).toBe(2500);
    expect(nonZeroCounts(row.counts!)).toEqual([
      ['pending', 1],
      ['completed', 1],
      ['failed', 1],
    ]);
  });

  it('counts the failures a completed run handled, and none of a failed run', () => {
    const tasks = { a: state('a', 'failed'), b: state('b', 'completed') };
    expect(summarizeRun({ ...record, status: 'completed' }, tasks).handledFailures).toBe(1);
    expect(summarizeRun(record, tasks).handledFailures).toBe(0);
  });

  it('leaves counts null until tasks load and duration absent while unfinished', () => {
    const { finishedAt: _f, ...running } = record;
    const row = summarizeRun({ ...running, status: 'running' });
    expect(row.counts).toBeNull();
    expect(row.durationMs).toBeUndefined();
  });

  it('counts without a document', () => {
    expect(countTasks({ a: state('a', 'skipped') }, undefined).skipped).toBe(1);
  });

  it('opens a stored run as a read-only view', () => {
    const view = runViewFromStored(
      { run: record, tasks: { a: state('a', 'completed', true) } },
      { ...doc, id: 'other' },
    );
    expect(view).toMatchObject({
      source: 'history',
      executor: { kind: 'async', concurrency: 3 },
      document: { id: 'wf' },
      finishedAt: 3500,
      restored: ['a'],
      logs: {},
    });
    const { document: _d, executor: _e, ...bare } = record;
    const fallback = runViewFromStored({ run: bare, tasks: {} }, doc);
    expect(fallback.executor).toEqual({ kind: 'threaded' });
    expect(fallback.document).toBe(doc);
  });

  it('keeps that a stored run timed out (the header says so), and only then', () => {
    const timedOut = runViewFromStored({ run: { ...record, timedOut: true }, tasks: {} }, doc);
    expect(timedOut.timedOut).toBe(true);
    expect(runViewFromStored({ run: record, tasks: {} }, doc)).not.toHaveProperty('timedOut');
  });
});
