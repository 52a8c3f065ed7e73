import { describe, expect, it } from 'vitest';
import { CycleError, WorkflowValidationError } from './errors.ts';
import { Task } from './Task.ts';
import { task } from './taskDecorator.ts';
import { Workflow } from '../index.ts';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error.issues.map((i) => i.code);
    throw error;
  }
  return [];
}

describe('Workflow model (contract §1)', () => {
  it('defaults id to the name and keeps the description', () => {
    expect(new Workflow('w')).toMatchObject({
      id: 'w',
      name: 'w',
      description: undefined,
      status: 'pending',
    });
    expect(new Workflow('w', { id: 'x', description: 'd' })).toMatchObject({
      id: 'x',
      description: 'd',
    });
  });

  it('keeps tasks in insertion order and reports dependencies', () => {
    const wf = new Workflow('w');
    wf.addTask(() => 1, { name: 'b' });
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 1, { name: 'c', dependsOn: ['b', 'a'] });
    expect(wf.tasks.map((t) => t.name)).toEqual(['b', 'a', 'c']);
    expect(wf.getDependencies('c')).toEqual(['b', 'a']);
    expect(wf.getDependents('a')).toEqual(['c']);
    expect(wf.getUpstream('c')).toEqual(['b', 'a']);
    expect(wf.getDownstream('b')).toEqual(['c']);
  });

  it.each([
    ['duplicate name', (wf: Workflow) => wf.addTask(() => 1, { name: 'a' }), ['E_DUPLICATE']],
    [
      'unknown dependency',
      (wf: Workflow) => wf.addTask(() => 1, { name: 'x', dependsOn: ['nope'] }),
      ['E_UNKNOWN_DEPENDENCY'],
    ],
    [
      'self dependency',
      (wf: Workflow) => wf.addTask(() => 1, { name: 'x', dependsOn: ['x'] }),
      ['E_SELF_DEPENDENCY'],
    ],
    ['empty name', (wf: Workflow) => wf.addTask(() => 1, { name: '' }), ['E_INVALID_NAME']],
    [
      'whitespace-only name',
      (wf: Workflow) => wf.addTask(() => 1, { name: ' \t ' }),
      ['E_INVALID_NAME'],
    ],
    [
      'name with surrounding whitespace (a Task)',
      (wf: Workflow) => wf.addTask(new Task(' x', () => 1)),
      ['E_INVALID_NAME'],
    ],
    [
      '129-char name',
      (wf: Workflow) => wf.addTask(() => 1, { name: 'n'.repeat(129) }),
      ['E_INVALID_NAME'],
    ],
    [
      'bad retries',
      (wf: Workflow) => wf.addTask(() => 1, { name: 'x', retries: -1 }),
      ['E_BAD_OPTION'],
    ],
    [
      'bad trigger rule',
      (wf: Workflow) => wf.addTask(new Task('x', () => 1, { triggerRule: 'sometimes' as never })),
      ['E_BAD_OPTION'],
    ],
    [
      'several at once',
      (wf: Workflow) => wf.addTask(() => 1, { name: 'a', dependsOn: ['q'], timeoutMs: 0 }),
      ['E_DUPLICATE', 'E_UNKNOWN_DEPENDENCY', 'E_BAD_OPTION'],
    ],
  ])('addTask refuses a %s', (_label, act, codes) => {
    const wf = new Workflow('w');
    wf.addTask(() => 1, { name: 'a' });
    expect(issuesOf(() => act(wf))).toEqual(codes);
    expect(wf.tasks).toHaveLength(1);
  });

  it('accepts any 1–128 character name, identifiers or not', () => {
    const wf = new Workflow('w');
    for (const name of ['x', 'my task', 'a"b', '<b>', 'end', 'n'.repeat(128)])
      wf.addTask(() => 1, { name });
    expect(wf.tasks).toHaveLength(6);
  });

  it('addDependency throws CycleError with the closing path', () => {
    const wf = new Workflow('w');
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 1, { name: 'b', dependsOn: ['a'] });
    wf.addTask(() => 1, { name: 'c', dependsOn: ['b'] });
    let error: unknown;
    try {
      wf.addDependency('c', 'a');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CycleError);
    expect((error as CycleError).cycle).toEqual(['c', 'a', 'b', 'c']);
    expect((error as CycleError).code).toBe('E_CYCLE');
    expect((error as CycleError).message).toContain('c → a → b → c');
    expect(wf.getDependencies('a')).toEqual([]);
    expect(issuesOf(() => wf.addDependency('a', 'a'))).toEqual(['E_SELF_DEPENDENCY']);
    expect(() => wf.addDependency('a', 'zzz')).toThrow(/Unknown task/);
    wf.addDependency('a', 'c');
    wf.addDependency('a', 'c');
    expect(wf.getDependencies('c')).toEqual(['b', 'a']);
  });

  it('removeTask drops the task and its edges', () => {
    const wf = new Workflow('w');
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 1, { name: 'b', dependsOn: ['a'] });
    wf.addTask(() => 1, { name: 'c', dependsOn: ['a', 'b'] });
    wf.removeTask('b');
    expect(wf.tasks.map((t) => t.name)).toEqual(['a', 'c']);
    expect(wf.getDependencies('c')).toEqual(['a']);
    expect(wf.getTask('b')).toBeUndefined();
    expect(wf.getExecutionPlan().map((l) => l.map((t) => t.name))).toEqual([['a'], ['c']]);
  });

  it('getTaskResult throws for an unknown name', () => {
    expect(() => new Workflow('w').getTaskResult('nope')).toThrow(/Unknown task "nope"/);
  });

  it('clearResults puts everything back to pending', async () => {
    const wf = new Workflow('w');
    wf.addTask(() => 5, { name: 'a' });
    await wf.execute();
    expect(wf.getTaskResult('a')).toBe(5);
    wf.clearResults();
    expect(wf.getTaskResult('a')).toBeUndefined();
    expect(wf.status).toBe('pending');
    expect(wf.getWorkflowStats()).toMatchObject({ pending: 1, completed: 0, totalTimeMs: 0 });
  });

  it('validate reports code syntax errors with task name and line', () => {
    const wf = new Workflow('w');
    wf.addTask(new Task('broken', 'const a = 1;\nreturn a +;'));
    expect(() => wf.validate()).toThrow(/Task "broken", line 2/);
    expect(wf.getValidationIssues().map((i) => i.code)).toEqual(['E_SYNTAX']);
  });
});

describe('task() decorator', () => {
  it('returns the same function, still callable, with options attached', async () => {
    const double = task((inputs: Record<string, unknown>) => (inputs.x as number) * 2, {
      name: 'double',
      retries: 2,
    });
    expect(double({ x: 4 })).toBe(8);
    const wf = new Workflow('w');
    wf.addTask(task(() => 4, { name: 'x' }));
    const t = wf.addTask(double, { dependsOn: ['x'] });
    expect(t.name).toBe('double');
    expect(t.options.retries).toBe(2);
    await wf.execute();
    expect(wf.getTaskResult('double')).toBe(8);
  });

  it('names the task after the function when options.name is absent', () => {
    function fetchUsers() {
      return [];
    }
    const wf = new Workflow('w');
    expect(wf.addTask(task(fetchUsers)).name).toBe('fetchUsers');
    expect(wf.addTask(task(fetchUsers, { name: 'again' })).name).toBe('again');
  });
});

describe('default executor', () => {
  it('is registered by the engine entry point, so execute() needs no argument', async () => {
    const wf = new Workflow('default');
    wf.addTask(new Task('a', () => 1));
    const result = await wf.execute();
    expect(result.status).toBe('completed');
  });
});
