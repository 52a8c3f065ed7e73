// Branching and skipping under every executor: a branch task's result chooses which direct
// downstream tasks run (Airflow's @task.branch), a short-circuit task's falsy result skips all of
// its downstream (@task.short_circuit), and ctx.skip(reason) ends a task as skipped
// (AirflowSkipException). Skipped tasks propagate by trigger rules.
import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../model/errors.ts';
import type { RunResult, TaskContext } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import type { Executor } from './Executor.ts';
import { everyExecutor, runTasks, runWorkflow, task, type Spec } from './testExecutors.ts';

const EXECUTORS = everyExecutor();

const run = (make: () => Executor, tasks: Spec[]) => runTasks(make, tasks, 'branching');

/** Task names by status, e.g. `completed: pick a | skipped: b`, in the workflow's order. */
function statuses(result: RunResult): string {
  const by = new Map<string, string[]>();
  for (const t of Object.values(result.tasks))
    by.set(t.status, [...(by.get(t.status) ?? []), t.name]);
  return [...by].map(([status, names]) => `${status}: ${names.join(' ')}`).join(' | ');
}

/** pick → a → after_a → join, pick → b → join; join is none_failed_min_one_success. */
const BRANCH = (decision: string): Spec[] => [
  task('pick', `return ${decision};`, [], { branch: true }),
  task('a', 'return "A";', ['pick']),
  task('after_a', 'return a + "!";', ['a']),
  task('b', 'return "B";', ['pick']),
  task('join', 'return Object.keys(inputs);', ['after_a', 'b'], {
    triggerRule: 'none_failed_min_one_success',
  }),
];

describe.each(EXECUTORS)('branching and skipping (%s)', { timeout: 60_000 }, (_, make) => {
  it('a branch runs the task it chose; the other and its downstream are skipped; the join runs', async () => {
    const result = await run(make, BRANCH('"a"'));
    expect(result.status).toBe('completed');
    expect(statuses(result)).toBe('completed: pick a after_a join | skipped: b');
    expect(result.tasks.pick!.result).toBe('a');
    expect(result.tasks.b!.skipReason).toBe('branch_not_taken');
    expect(result.tasks.b!.skipMessage).toBe('Not chosen by branch task "pick" (it chose "a")');
    expect(result.tasks.b!.attempts).toBe(0);
    expect(result.tasks.join!.result).toEqual(['after_a']);
  });

  it('choosing the other branch skips the first one and everything only it leads to', async () => {
    const result = await run(make, BRANCH('["b"]'));
    expect(statuses(result)).toBe('completed: pick b join | skipped: a after_a');
    expect(result.tasks.a!.skipReason).toBe('branch_not_taken');
    // Downstream of a skipped branch, the default rule (all_success) skips, as in Airflow.
    expect(result.tasks.after_a!.skipReason).toBe('trigger_rule');
    expect(result.tasks.join!.result).toEqual(['b']);
  });

  it('a branch that chooses none (null) skips every direct downstream task, and the join', async () => {
    const result = await run(make, BRANCH('null'));
    expect(result.status).toBe('completed');
    expect(statuses(result)).toBe('completed: pick | skipped: a after_a b join');
    expect(result.tasks.b!.skipMessage).toBe('Not chosen by branch task "pick" (it chose none)');
  });

  it('an all_success join after a branch is skipped (why Airflow joins use none_failed_min_one_success)', async () => {
    const tasks = BRANCH('"a"');
    tasks[4] = task('join', 'return 1;', ['after_a', 'b']);
    const result = await run(make, tasks);
    expect(result.tasks.join!.status).toBe('skipped');
    expect(result.status).toBe('completed');
  });

  it('a branch naming a task that is not directly downstream fails with a clear error', async () => {
    const result = await run(make, BRANCH('["a", "after_a", "nope"]'));
    expect(result.status).toBe('failed');
    expect(result.tasks.pick!.status).toBe('failed');
    const cause = result.tasks.pick!.error!.cause!;
    expect(cause.code).toBe('E_BAD_BRANCH');
    expect(cause.message).toBe(
      'Branch task "pick" chose "after_a", "nope", which are not tasks directly downstream of it (its direct downstream tasks: "a", "b")',
    );
    // Nothing downstream ran: the failure reached them as upstream_failed.
    expect(statuses(result)).toBe('failed: pick | skipped: a after_a b join');
    expect(result.tasks.a!.skipReason).toBe('upstream_failed');
  });

  it('a branch returning something other than names fails and says what it takes', async () => {
    const result = await run(make, BRANCH('42'));
    expect(result.tasks.pick!.error!.cause!.message).toBe(
      'Branch task "pick" returned 42: a branch task returns the name of a direct downstream task, an array of names, or null to run none of them',
    );
  });

  it('ctx.skip(reason) ends a code task as skipped with its reason, never retried', async () => {
    const result = await run(make, [
      task('check', 'ctx.skip("nothing new today"); return 1;', [], { retries: 2 }),
      task('load', 'return 2;', ['check']),
      task('cleanup', 'return 3;', ['check'], { triggerRule: 'all_done' }),
    ]);
    expect(result.status).toBe('completed');
    expect(result.tasks.check).toMatchObject({
      status: 'skipped',
      skipReason: 'skipped_by_task',
      skipMessage: 'nothing new today',
      attempts: 1,
    });
    expect(result.tasks.check!.attemptHistory.map((a) => a.outcome)).toEqual(['skipped']);
    expect(result.tasks.load!.status).toBe('skipped');
    expect(result.tasks.load!.skipReason).toBe('trigger_rule');
    expect(result.tasks.cleanup!.status).toBe('completed');
  });

  it('ctx.skip() in a function task skips it too', async () => {
    const wf = new Workflow('fn skip');
    wf.addTask((_inputs: Record<string, unknown>, ctx: TaskContext) => ctx.skip('no data'), {
      name: 'fetch',
    });
    wf.addTask(() => 'ran', { name: 'next', dependsOn: ['fetch'], triggerRule: 'all_skipped' });
    const result = await runWorkflow(make, wf);
    expect(result.tasks.fetch).toMatchObject({ status: 'skipped', skipMessage: 'no data' });
    expect(result.tasks.next!.status).toBe('completed');
  });

  it('a short circuit returning a falsy value skips everything downstream, whatever the rule', async () => {
    const tasks = (value: string): Spec[] => [
      task('check', `return ${value};`, [], { shortCircuit: true }),
      task('load', 'return 1;', ['check']),
      task('report', 'return 2;', ['load']),
      task('always', 'return 3;', ['report'], { triggerRule: 'all_done' }),
      task('other', 'return 4;'),
    ];
    const falsy = await run(make, tasks('0'));
    expect(falsy.status).toBe('completed');
    expect(statuses(falsy)).toBe('completed: check other | skipped: load report always');
    expect(falsy.tasks.always!.skipReason).toBe('short_circuit');
    expect(falsy.tasks.load!.skipMessage).toBe('Short-circuited by "check", which returned 0');

    const truthy = await run(make, tasks('"yes"'));
    expect(Object.values(truthy.tasks).every((t) => t.status === 'completed')).toBe(true);
  });

  it('a function task can be a branch task', async () => {
    const wf = new Workflow('fn branch');
    wf.addTask(() => 'small', { name: 'size', branch: true });
    wf.addTask(() => 'S', { name: 'small', dependsOn: ['size'] });
    wf.addTask(() => 'L', { name: 'large', dependsOn: ['size'] });
    const result = await runWorkflow(make, wf);
    expect(statuses(result)).toBe('completed: size small | skipped: large');
  });
});

describe('branch and short-circuit options', () => {
  const fromTasks = (tasks: Spec[]) =>
    Workflow.fromDocument({ format: 'flowweaver.workflow', version: 1, id: 'w', name: 'w', tasks });

  it('are kept by documents and refused together', () => {
    const wf = fromTasks([
      task('pick', 'return "a";', [], { branch: true }),
      task('a', '', ['pick']),
    ]);
    expect(wf.toDocument().tasks[0]).toMatchObject({ branch: true });
    expect(() =>
      fromTasks([task('x', 'return 1;', [], { branch: true, shortCircuit: true })]),
    ).toThrow(WorkflowValidationError);
    expect(() => fromTasks([task('x', 'return 1;', [], { branch: 'yes' as never })])).toThrow(
      /option "branch"/,
    );
  });
});
