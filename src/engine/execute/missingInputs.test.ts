// A task that runs although a direct upstream has no result (trigger rules such as all_done) and
// reads that input gets a MissingInputError naming the upstream and why, under every executor;
// `name in inputs`, `Object.keys(inputs)` and undeclared names behave as before.
import { describe, expect, it } from 'vitest';
import { MissingInputError } from '../model/errors.ts';
import { guardInputs } from '../model/missingInputs.ts';
import type { RunResult, SerializedError } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { AsyncExecutor } from './AsyncExecutor.ts';
import type { Executor } from './Executor.ts';
import { everyExecutor, runTasks, task, type Spec } from './testExecutors.ts';
import { emptyRecord } from '../util/records.ts';

const EXECUTORS = everyExecutor();

const run = (make: () => Executor, tasks: Spec[]): Promise<RunResult> =>
  runTasks(make, tasks, 'missing inputs');

/** The innermost error of a failed task (the task's own, under TaskExecutionError). */
function rootError(result: RunResult, name: string): SerializedError | undefined {
  let error = result.tasks[name]?.error;
  while (error?.cause) error = error.cause;
  return error;
}

// `extract` fails; `report` (all_done) runs anyway.
const FAILED: Spec[] = [task('ok', 'return 1;'), task('extract', 'throw new Error("boom");')];
const after = (code: string) =>
  task('report', code, ['ok', 'extract'], { triggerRule: 'all_done' });

describe.each(EXECUTORS)(
  'reading an input without a result (%s)',
  { timeout: 60_000 },
  (_, make) => {
    it('inputs["extract"] of a failed upstream throws, naming it and why', async () => {
      const result = await run(make, [...FAILED, after('return inputs["extract"] ?? "wrong";')]);
      expect(result.tasks.report!.status).toBe('failed');
      const error = rootError(result, 'report');
      expect(error?.code).toBe('E_MISSING_INPUT');
      expect(error?.name).toBe('MissingInputError');
      expect(error?.message).toBe(
        'Task "report" read the input "extract", which has no result: "extract" failed. ' +
          'Check first with `"extract" in inputs`.',
      );
    });

    it('the local constant of a failed upstream throws too, even under typeof', async () => {
      for (const code of [
        'return extract + ok;',
        'return typeof extract;',
        'return (() => extract)();',
      ]) {
        const result = await run(make, [...FAILED, after(code)]);
        expect(rootError(result, 'report')?.message, code).toMatch(
          /^Task "report" read the input "extract", which has no result: "extract" failed\./,
        );
      }
    });

    it('checking first works: in, keys, undeclared names, no prototype, returning inputs', async () => {
      const result = await run(make, [
        ...FAILED,
        after(`
        const has = "extract" in inputs;
        return {
          has,
          hasOk: "ok" in inputs,
          own: Object.hasOwn(inputs, "extract"),
          keys: Object.keys(inputs),
          values: Object.values(inputs),
          json: JSON.stringify(inputs),
          undeclared: inputs.someUndeclared === undefined && inputs.constructor === undefined,
          proto: Object.getPrototypeOf(inputs) === null,
          spread: { ...inputs },
          nested: [new Map([["all", inputs]]), { inputs }],
          total: ok + (has ? extract : 0),
        };`),
      ]);
      expect(result.tasks.report!.status).toBe('completed');
      expect(result.tasks.report!.result).toEqual({
        has: false,
        hasOk: true,
        own: false,
        keys: ['ok'],
        values: [1],
        json: '{"ok":1}',
        undeclared: true,
        proto: true,
        spread: { ok: 1 },
        nested: [new Map([['all', { ok: 1 }]]), { inputs: { ok: 1 } }],
        total: 1,
      });
    });

    it('a task that returns inputs itself returns the results that exist', async () => {
      const result = await run(make, [...FAILED, after('return inputs;')]);
      expect(result.tasks.report!.result).toEqual({ ok: 1 });
    });

    it('a task that never reads the missing input completes as before', async () => {
      const result = await run(make, [...FAILED, after('return ok + 1;')]);
      expect(result.tasks.report!.result).toBe(2);
    });

    it('says when the upstream was skipped, and for which reason', async () => {
      const result = await run(make, [
        task('a', 'return 1;'),
        task('b', 'throw new Error("no");'),
        // Skipped because its upstream b failed.
        task('c', 'return 3;', ['b']),
        // Skipped because its trigger rule is not met: a completed.
        task('d', 'return 4;', ['a'], { triggerRule: 'all_failed' }),
        task('readC', 'return inputs.c;', ['c'], { triggerRule: 'all_done' }),
        task('readD', 'return d;', ['d'], { triggerRule: 'all_done' }),
      ]);
      expect(result.tasks.c!.status).toBe('skipped');
      expect(rootError(result, 'readC')?.message).toContain(
        '"c" was skipped because a task upstream of it failed (upstream_failed)',
      );
      expect(result.tasks.d!.status).toBe('skipped');
      expect(rootError(result, 'readD')?.message).toContain(
        '"d" was skipped because its trigger rule was not met (trigger_rule)',
      );
    });
  },
);

describe('function tasks', () => {
  it('get the guarded inputs too, and the error is a MissingInputError', async () => {
    const wf = new Workflow('fn');
    wf.addTask(function extract() {
      throw new Error('boom');
    });
    let caught: unknown;
    wf.addTask(
      (inputs: Record<string, unknown>) => {
        try {
          return inputs.extract;
        } catch (error) {
          caught = error;
          return 'extract' in inputs;
        }
      },
      { name: 'report', dependsOn: ['extract'], triggerRule: 'all_done' },
    );
    const result = await new AsyncExecutor()
      .execute(wf, { store: new MemoryStateStore() })
      .catch((e: { result: RunResult }) => e.result);
    expect(result.tasks.report!.result).toBe(false);
    expect(caught).toBeInstanceOf(MissingInputError);
    expect((caught as MissingInputError).upstream).toBe('extract');
    expect((caught as MissingInputError).taskName).toBe('report');
  });
});

describe('guardInputs', () => {
  it('throws only for the missing names, whatever they are called', () => {
    const plain = emptyRecord<unknown>();
    plain.a = 1;
    const inputs = guardInputs('t', plain, [
      { name: 'constructor', status: 'skipped', skipReason: 'branch' },
      { name: 'b', status: 'running' },
    ]);
    expect(inputs.a).toBe(1);
    expect(inputs.zzz).toBeUndefined();
    expect(() => inputs.constructor).toThrow('"constructor" was skipped (branch)');
    expect(() => inputs.b).toThrow('"b" has not finished (it is running)');
    expect('b' in inputs).toBe(false);
    expect(Object.keys(inputs)).toEqual(['a']);
  });
});
