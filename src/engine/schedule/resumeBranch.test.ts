// A resumed run keeps the decisions of the branch and short-circuit tasks it restores: the tasks
// they left out stay skipped instead of running (found by the distributed fault tests, where a
// coordinator killed after a branch task completed resumed and ran the branch not taken).
import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import type { TaskRunState } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';

/** A store holding run `r` killed right after `name` completed with `result` (nothing else recorded). */
function killedAfter(name: string, result: unknown): MemoryStateStore {
  const store = new MemoryStateStore();
  const done: TaskRunState = {
    name,
    status: 'completed',
    result,
    attempts: 1,
    attemptHistory: [{ attempt: 1, startedAt: 5, finishedAt: 6, outcome: 'completed' }],
    startedAt: 5,
    finishedAt: 6,
  };
  store.saveRun({ workflowId: 'wf', runId: 'r', status: 'running', startedAt: 5, updatedAt: 6 });
  store.recordTask('wf', 'r', done);
  return store;
}

function workflow(option: 'branch' | 'shortCircuit'): { wf: Workflow } {
  const wf = Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'wf',
    name: 'wf',
    tasks: [
      { name: 'pick', code: "return 'left';", dependsOn: [], [option]: true },
      { name: 'left', code: "return 'L';", dependsOn: ['pick'] },
      { name: 'right', code: "return 'R';", dependsOn: ['pick'] },
      { name: 'after', code: 'return 1;', dependsOn: ['right'] },
    ],
  });
  return { wf };
}

describe('resume after a branch or short-circuit task', () => {
  it('keeps the branch not taken skipped', async () => {
    const { wf } = workflow('branch');
    const result = await wf.execute(
      new SequentialExecutor({ store: killedAfter('pick', 'left') }),
      {
        runId: 'r',
      },
    );
    expect(result.tasks.left!.status).toBe('completed');
    expect(result.tasks.right!.status).toBe('skipped');
    expect(result.tasks.right!.skipReason).toBe('branch_not_taken');
    expect(result.tasks.after!.status).toBe('skipped');
  });

  it('keeps the descendants of a falsy short-circuit skipped', async () => {
    const { wf } = workflow('shortCircuit');
    const result = await wf.execute(new SequentialExecutor({ store: killedAfter('pick', 0) }), {
      runId: 'r',
    });
    for (const name of ['left', 'right', 'after'])
      expect(result.tasks[name]!.status).toBe('skipped');
  });
});
