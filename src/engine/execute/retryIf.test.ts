// `retryIf` under every executor: a task retries only when its error matches (document form:
// error names or a message pattern; API form: a predicate). A non-matching error fails the task at
// once, and its log says the retries were skipped. Errors from workers arrive serialized, so the
// document form matches on the error's name and message.
import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../model/errors.ts';
import type { RunEvent, RunResult } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { SequentialExecutor } from './SequentialExecutor.ts';
import { everyExecutor, runTasks, task } from './testExecutors.ts';

const EXECUTORS = everyExecutor();

/** A task that throws `new <errorClass>(message)` on every attempt. */
const thrower = (errorClass: string, message: string) =>
  `throw new ${errorClass}(${JSON.stringify(message)});`;

describe.each(EXECUTORS)('retryIf (%s)', { timeout: 60_000 }, (_, make) => {
  it('retries while the error name is listed', async () => {
    const result = await runTasks(make, [
      task('flaky', thrower('TypeError', 'bad type'), [], {
        retries: 2,
        retryIf: { errorName: ['TypeError'] },
      }),
    ]);
    expect(result.tasks.flaky!.status).toBe('failed');
    expect(result.tasks.flaky!.attempts).toBe(3);
  });

  it('fails at once, saying why, when the error name is not listed', async () => {
    const wf = Workflow.fromDocument({
      format: 'flowweaver.workflow',
      version: 1,
      id: 'not-listed',
      name: 'not-listed',
      tasks: [
        task('flaky', thrower('RangeError', 'out of range'), [], {
          retries: 3,
          retryIf: { errorName: ['TypeError'] },
        }),
      ],
    });
    const logs: string[] = [];
    const result = await make()
      .execute(wf, {
        store: new MemoryStateStore(),
        onEvent: (e) => {
          if (e.type === 'task-log') logs.push(`${e.line.level}: ${e.line.message}`);
        },
      })
      .catch((e: { result: RunResult }) => e.result);
    const state = result.tasks.flaky!;
    expect(state.status).toBe('failed');
    expect(state.attempts).toBe(1);
    expect(logs).toEqual([
      'warn: Retries skipped: the error (RangeError: out of range) does not match retryIf (error name TypeError)',
    ]);
  });

  it('retries when the message matches the pattern, not otherwise', async () => {
    const result = await runTasks(make, [
      task('net', thrower('Error', 'ECONNRESET while fetching'), [], {
        retries: 1,
        retryIf: { messagePattern: '^ECONN' },
      }),
      task('logic', thrower('Error', 'invalid row 3'), [], {
        retries: 1,
        retryIf: { messagePattern: '^ECONN' },
      }),
    ]);
    expect(result.tasks.net!.attempts).toBe(2);
    expect(result.tasks.logic!.attempts).toBe(1);
  });

  it('retries a matching error until the task succeeds', async () => {
    const result = await runTasks(make, [
      task(
        'eventually',
        'if (ctx.attempt < 3) throw new Error("temporarily unavailable"); return ctx.attempt;',
        [],
        { retries: 5, retryIf: { errorName: ['TypeError'], messagePattern: 'temporar' } },
      ),
    ]);
    expect(result.status).toBe('completed');
    expect(result.tasks.eventually!.result).toBe(3);
  });

  it('API: a predicate on the error and attempt decides', async () => {
    const wf = new Workflow('predicate');
    const seen: [string, number][] = [];
    wf.addTask(
      (_inputs: Record<string, unknown>, ctx: { attempt: number }) => {
        throw new Error(ctx.attempt === 1 ? 'transient' : 'fatal');
      },
      {
        name: 'p',
        retries: 5,
        retryIf: (error, attempt) => {
          seen.push([(error as Error).message, attempt]);
          return (error as Error).message.includes('transient');
        },
      },
    );
    const events: RunEvent[] = [];
    const result = await make()
      .execute(wf, { store: new MemoryStateStore(), onEvent: (e) => events.push(e) })
      .catch((e: { result: RunResult }) => e.result);
    expect(result.tasks.p!.attempts).toBe(2);
    expect(seen).toEqual([
      ['transient', 1],
      ['fatal', 2],
    ]);
    expect(events.filter((e) => e.type === 'task-retry')).toHaveLength(1);
  });
});

describe('retryIf validation', () => {
  it('refuses a message pattern that is not a regular expression, naming the task', () => {
    const doc = {
      format: 'flowweaver.workflow',
      version: 1,
      id: 'bad',
      name: 'bad',
      tasks: [{ name: 'x', code: 'return 1', dependsOn: [], retryIf: { messagePattern: '(' } }],
    };
    expect(() => Workflow.fromDocument(doc as never)).toThrow(WorkflowValidationError);
    expect(() => Workflow.fromDocument(doc as never)).toThrow(
      /Task "x": option "retryIf.messagePattern": not a valid regular expression/,
    );
  });

  it('refuses unknown keys and a predicate in a document', () => {
    const wf = new Workflow('api');
    expect(() =>
      wf.addTask(() => 1, { name: 'y', retryIf: { errorNames: ['X'] } as never }),
    ).toThrow(/"errorNames"/);
  });

  it('a predicate is not written to the document', () => {
    const wf = new Workflow('api');
    wf.addTask(() => 1, { name: 'z', retryIf: () => true });
    wf.addTask(() => 1, { name: 'w', retryIf: { errorName: ['TypeError'] } });
    const doc = wf.toDocument();
    expect(doc.tasks[0]).not.toHaveProperty('retryIf');
    expect(doc.tasks[1]!.retryIf).toEqual({ errorName: ['TypeError'] });
  });
});

describe('retryIf message patterns run in linear time', () => {
  // A shared workflow's pattern and its task's error message are both the author's: with a
  // backtracking engine `(a+)+$` against 40 `a`s and a `!` would keep the scheduler's thread busy
  // for hours, and the run (and Cancel) with it.
  it('decides a catastrophic-backtracking pattern at once', async () => {
    const result = await runTasks(
      () => new SequentialExecutor(),
      [
        task('flaky', thrower('Error', `${'a'.repeat(40)}!`), [], {
          retries: 1,
          retryIf: { messagePattern: '(a+)+$' },
        }),
      ],
    );
    expect(result.tasks.flaky!.status).toBe('failed');
    expect(result.tasks.flaky!.attempts).toBe(1);
  });

  it('refuses lookaround and backreferences, which linear-time matching does not support', () => {
    for (const messagePattern of ['(?=x)', '(a)\\1']) {
      const doc = {
        format: 'flowweaver.workflow',
        version: 1,
        id: 'bad',
        name: 'bad',
        tasks: [{ name: 'x', code: 'return 1', dependsOn: [], retryIf: { messagePattern } }],
      };
      expect(() => Workflow.fromDocument(doc as never)).toThrow(
        /Task "x": option "retryIf.messagePattern": not a valid regular expression/,
      );
    }
  });
});
