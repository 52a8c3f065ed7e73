import { describe, expect, it } from 'vitest';
import { WorkflowExecutionError } from '../model/errors.ts';
import type { RunResult } from '../model/types.ts';
import { Workflow } from '../index.ts';

// Airflow's rule for a run (airflow-core/docs/core-concepts/dag-run.rst, "Dag Run Status"): the
// leaves decide — failed if any leaf is failed or upstream_failed, success if every leaf is
// success or skipped.

const fail = () => {
  throw new Error('boom');
};

async function failureOf(wf: Workflow, failFast = false): Promise<WorkflowExecutionError> {
  const error: unknown = await wf.execute(undefined, { failFast }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowExecutionError);
  return error as WorkflowExecutionError;
}

describe('run outcome by leaves', () => {
  it('completes when a one_failed handler leaf handled the failure, and says which failure it was', async () => {
    const wf = new Workflow('handled');
    wf.addTask(fail, { name: 'A' });
    wf.addTask(() => 'alerted', { name: 'handler', dependsOn: ['A'], triggerRule: 'one_failed' });
    const result = await wf.execute();
    expect(result.status).toBe('completed');
    expect(result.handledFailures).toEqual(['A']);
    expect(result.stats.failed).toBe(1);
    expect(result.tasks.A).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('boom') },
    });
    expect(wf.status).toBe('completed');
  });

  it('completes when an all_done cleanup leaf ran after the failure', async () => {
    const wf = new Workflow('cleanup');
    wf.addTask(() => 1, { name: 'ok' });
    wf.addTask(fail, { name: 'bad' });
    wf.addTask(() => 'clean', {
      name: 'cleanup',
      dependsOn: ['ok', 'bad'],
      triggerRule: 'all_done',
    });
    const result = await wf.execute();
    expect(result.status).toBe('completed');
    expect(result.handledFailures).toEqual(['bad']);
  });

  it('fails when a leaf is upstream_failed, even though a handler ran', async () => {
    const wf = new Workflow('unhandled');
    wf.addTask(fail, { name: 'A' });
    wf.addTask(() => 1, { name: 'B', dependsOn: ['A'] });
    wf.addTask(() => 1, { name: 'handler', dependsOn: ['A'], triggerRule: 'one_failed' });
    const error = await failureOf(wf);
    const result = error.result as RunResult;
    expect(result.status).toBe('failed');
    expect(result.handledFailures).toEqual([]);
    expect(error.failedTasks).toEqual(['A']);
    expect(result.tasks.B).toMatchObject({ status: 'skipped', skipReason: 'upstream_failed' });
  });

  it('fails when a leaf itself failed, even if its handler succeeded', async () => {
    const wf = new Workflow('leaf fails');
    wf.addTask(() => 1, { name: 'root' });
    wf.addTask(fail, { name: 'leafFails', dependsOn: ['root'] });
    wf.addTask(() => 1, { name: 'sideHandler', dependsOn: ['root'], triggerRule: 'one_failed' });
    const error = await failureOf(wf);
    expect(error.failedTasks).toEqual(['leafFails']);
  });

  it('completes when the leaves are skipped by their rule (nothing failed to blame)', async () => {
    const wf = new Workflow('skipped leaves');
    wf.addTask(() => 1, { name: 'ok' });
    wf.addTask(() => 1, { name: 'onFailure', dependsOn: ['ok'], triggerRule: 'one_failed' });
    wf.addTask(fail, { name: 'bad' });
    wf.addTask(() => 1, { name: 'alert', dependsOn: ['bad'], triggerRule: 'one_failed' });
    const result = await wf.execute();
    expect(result.status).toBe('completed');
    expect(result.tasks.onFailure).toMatchObject({ status: 'skipped', skipReason: 'trigger_rule' });
    expect(result.handledFailures).toEqual(['bad']);
  });

  it('fails a run stopped by failFast, handler or not', async () => {
    const wf = new Workflow('fail fast');
    wf.addTask(fail, { name: 'A' });
    wf.addTask(() => 1, { name: 'handler', dependsOn: ['A'], triggerRule: 'one_failed' });
    const error = await failureOf(wf, true);
    expect((error.result as RunResult).status).toBe('failed');
  });

  it('reports no handled failures on a clean run', async () => {
    const wf = new Workflow('clean');
    wf.addTask(() => 1, { name: 'a' });
    const result = await wf.execute();
    expect(result.handledFailures).toEqual([]);
  });
});
