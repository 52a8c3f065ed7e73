// Task names that are also names of Object.prototype (`constructor`, `__proto__`, `toString`, …) are
// names like any other: every executor runs them, passes their results downstream, reports them in
// the run's result and restores them on resume.
import { describe, expect, it } from 'vitest';
import { isScopeIdentifier } from '../model/codeTask.ts';
import type { WorkflowExecutionError } from '../model/errors.ts';
import type { RunEvent, RunResult, WorkflowDocument } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import type { StateStore } from '../storage/StateStore.ts';
import { everyExecutor } from './testExecutors.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';

/** Every own name of Object.prototype, `__proto__` included. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const EXECUTORS = everyExecutor();

const q = (name: string) => JSON.stringify(name);

function doc(tasks: WorkflowDocument['tasks']): WorkflowDocument {
  return { format: 'flowweaver.workflow', version: 2, id: `wf-${Math.random()}`, name: 'p', tasks };
}

/**
 * `name` (no upstream) says whether its empty inputs look empty under its own name; `after` reads
 * it through `inputs` and, when the name can be a local, through the local too.
 */
function chain(name: string): WorkflowDocument {
  const local = isScopeIdentifier(name) ? name : 'null';
  return doc([
    {
      name,
      code: `return inputs[${q(name)}] === undefined && Object.keys(inputs).length === 0 ? 'clean' : 'leaked';`,
      dependsOn: [],
    },
    {
      name: 'after',
      code: `return { viaInputs: inputs[${q(name)}], viaLocal: ${local}, keys: Object.keys(inputs) };`,
      dependsOn: [name],
    },
  ]);
}

describe.each(EXECUTORS)(
  'a task named after Object.prototype (%s)',
  { timeout: 60_000 },
  (_, make) => {
    it.each(PROTOTYPE_NAMES)('%s runs, passes its result on and is reported', async (name) => {
      const events: RunEvent[] = [];
      const result = await make().execute(Workflow.fromDocument(chain(name)), {
        store: new MemoryStateStore(),
        onEvent: (e) => events.push(e),
      });
      expect(result.status).toBe('completed');
      expect(Object.keys(result.tasks).sort()).toEqual(['after', name].sort());
      expect(Object.hasOwn(result.tasks, name)).toBe(true);
      expect(result.tasks[name]!.status).toBe('completed');
      expect(result.tasks[name]!.result).toBe('clean');
      expect(result.tasks.after!.result).toEqual({
        viaInputs: 'clean',
        viaLocal: isScopeIdentifier(name) ? 'clean' : null,
        keys: [name],
      });
      expect(result.stats.completed).toBe(2);
      const statuses = events.flatMap((e) =>
        e.type === 'task-status' && e.task === name ? [e.status] : [],
      );
      expect(statuses).toEqual(['running', 'completed']);
    });

    it.each(PROTOTYPE_NAMES)(
      'a failed upstream named %s is not in inputs downstream, and reading it throws',
      async (name) => {
        const local = isScopeIdentifier(name) ? name : 'null';
        const wf = Workflow.fromDocument(
          doc([
            { name, code: 'throw new Error("no");', dependsOn: [] },
            {
              name: 'after',
              code: `const read = (f) => { try { f(); return 'read'; } catch (e) { return e.code ?? e.name; } };
                return [${q(name)} in inputs, read(() => inputs[${q(name)}]), read(() => ${local})];`,
              dependsOn: [name],
              triggerRule: 'all_done',
            },
          ]),
        );
        // The all_done leaf handled the failure, so the run completes (the leaves decide).
        const { tasks, handledFailures } = await make().execute(wf, {
          store: new MemoryStateStore(),
        });
        expect(handledFailures).toEqual([name]);
        expect(tasks[name]!.status).toBe('failed');
        expect(tasks.after!.result).toEqual([
          false,
          'E_MISSING_INPUT',
          // The local is uninitialised: caught inside the task it is the engine's ReferenceError;
          // uncaught, the task fails with the MissingInputError (missingInputs.test.ts).
          isScopeIdentifier(name) ? 'ReferenceError' : 'read',
        ]);
      },
    );
  },
);

describe('resume with tasks named after Object.prototype', () => {
  it('restores every completed one from the store and runs the rest', async () => {
    const store = new MemoryStateStore();
    const tasks = PROTOTYPE_NAMES.map((name) => ({
      name,
      code: `return ${q(name)};`,
      dependsOn: [],
    }));
    const first = doc([
      ...tasks,
      { name: 'last', code: 'throw new Error("not yet");', dependsOn: [] },
    ]);
    const failed = await new SequentialExecutor()
      .execute(Workflow.fromDocument(first), { store, runId: 'r1' })
      .catch((e: unknown) => (e as WorkflowExecutionError).result as RunResult);
    expect(failed.status).toBe('failed');
    const stored = await store.loadRun(first.id, 'r1');
    expect(Object.getPrototypeOf(stored!.tasks)).toBeNull();
    for (const name of PROTOTYPE_NAMES) expect(stored!.tasks[name]!.status).toBe('completed');

    const again = {
      ...first,
      tasks: [...tasks, { name: 'last', code: 'return 1;', dependsOn: [] }],
    };
    const result = await new SequentialExecutor().execute(Workflow.fromDocument(again), {
      store,
      runId: 'r1',
    });
    expect(result.status).toBe('completed');
    expect([...result.restored].sort()).toEqual([...PROTOTYPE_NAMES].sort());
    for (const name of PROTOTYPE_NAMES) expect(result.tasks[name]!.result).toBe(name);
  });

  it('does not restore a task a plain-object store never recorded', async () => {
    // A StateStore may answer with a plain object: `constructor` must not read as a stored state.
    const store = new MemoryStateStore();
    const plain: StateStore = {
      loadRun: async (w, r) => {
        const run = await store.loadRun(w, r);
        return run && { run: run.run, tasks: { ...run.tasks } };
      },
      saveRun: (run) => store.saveRun(run),
      recordTask: (w, r, state) => store.recordTask(w, r, state),
      appendLog: (w, r, task, line) => store.appendLog(w, r, task, line),
      flush: () => store.flush(),
      listRuns: (w) => store.listRuns(w),
      deleteRun: (w, r) => store.deleteRun(w, r),
      getLogs: (w, r, task) => store.getLogs(w, r, task),
    };
    const d = doc(PROTOTYPE_NAMES.map((name) => ({ name, code: 'return 1;', dependsOn: [] })));
    store.saveRun({
      workflowId: d.id,
      runId: 'r2',
      status: 'running',
      startedAt: 1,
      updatedAt: 1,
    });
    const result = await new SequentialExecutor().execute(Workflow.fromDocument(d), {
      store: plain,
      runId: 'r2',
    });
    expect(result.restored).toEqual([]);
    expect(result.stats.completed).toBe(PROTOTYPE_NAMES.length);
  });
});
