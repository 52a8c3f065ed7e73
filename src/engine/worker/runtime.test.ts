import { describe, expect, it } from 'vitest';
import { LOG_HEAD_LINES, LOG_TAIL_LINES } from './logCap.ts';
import { TaskRuntime } from './runtime.ts';
import type { AttemptMessage, AttemptOutcome, TaskPayload, WorkerReport } from './protocol.ts';

function setup(options: ConstructorParameters<typeof TaskRuntime>[1] = {}) {
  const reports: { report: WorkerReport; transfer: ArrayBuffer[] }[] = [];
  const runtime = new TaskRuntime(
    (report, transfer) => reports.push({ report, transfer }),
    options,
  );
  const outcomes = (): AttemptOutcome[] => reports.flatMap((r) => r.report.outcomes);
  return { runtime, reports, outcomes };
}

let nextId = 1;
const code = (text: string, upstream: string[] = []): TaskPayload => ({
  kind: 'code',
  name: 'task',
  code: text,
  upstream,
});
const attempt = (task: TaskPayload, inputs: Record<string, unknown> = {}): AttemptMessage => ({
  id: nextId++,
  task,
  inputs,
  attempt: 1,
  runId: 'run-1',
});

describe('TaskRuntime', () => {
  it('runs code tasks with upstream results as locals and reports the result', async () => {
    const { runtime, outcomes } = setup();
    const message = attempt(code('return a + inputs["b c"];', ['a', 'b c']), { a: 1, 'b c': 2 });
    runtime.enqueue([message]);
    await runtime.idle();
    expect(outcomes()).toEqual([expect.objectContaining({ type: 'ok', id: message.id, value: 3 })]);
  });

  it('rebuilds function tasks from source and gives them ctx', async () => {
    const { runtime, outcomes } = setup();
    const task: TaskPayload = {
      kind: 'function',
      name: 'fn',
      source: '((inputs, ctx) => ({ double: inputs.x * 2, name: ctx.taskName, run: ctx.runId }))',
    };
    runtime.enqueue([attempt(task, { x: 4 })]);
    await runtime.idle();
    expect(outcomes()[0]).toMatchObject({
      type: 'ok',
      value: { double: 8, name: 'fn', run: 'run-1' },
    });
  });

  it('captures console.* and ctx.log as timestamped lines, reported before the outcome', async () => {
    const { runtime, reports } = setup({ now: () => 1234 });
    const message = attempt(
      code('console.log("a", 1); log({ b: 2 }); console.warn("c"); return null;'),
    );
    runtime.enqueue([message]);
    await runtime.idle();
    const lines = reports.flatMap((r) =>
      r.report.logs.flatMap((entry) => entry.lines.map((l) => ({ id: entry.id, ...l }))),
    );
    expect(lines).toEqual([
      { id: message.id, ts: 1234, level: 'log', message: 'a 1' },
      { id: message.id, ts: 1234, level: 'log', message: '{"b":2}' },
      { id: message.id, ts: 1234, level: 'warn', message: 'c' },
    ]);
    const lastLog = reports.findLastIndex((r) => r.report.logs.length > 0);
    const outcome = reports.findIndex((r) => r.report.outcomes.length > 0);
    expect(outcome).toBeGreaterThanOrEqual(lastLog);
  });

  it('sends the first line at once, so a task that then blocks still streams it', async () => {
    const { runtime, reports } = setup();
    // The task never settles; the line must be out without waiting for it or for a timer.
    runtime.enqueue([attempt(code('log("working"); return new Promise(() => {});'))]);
    await Promise.resolve();
    expect(
      reports.flatMap((r) => r.report.logs.flatMap((e) => e.lines.map((l) => l.message))),
    ).toEqual(['working']);
  });

  it('runs attempts one after another, in order', async () => {
    const { runtime, outcomes } = setup();
    const task = code(
      'const t0 = Date.now(); await new Promise((r) => setTimeout(r, 5)); return [t0, Date.now()];',
    );
    runtime.enqueue([attempt(task), attempt(task), attempt(task)]);
    await runtime.idle();
    const spans = outcomes().map((o): [number, number] =>
      o.type === 'ok' ? (o.value as [number, number]) : [0, 0],
    );
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('lists ArrayBuffers of the result for transfer, once each', async () => {
    const { runtime, reports } = setup();
    runtime.enqueue([
      attempt(code('const b = new Float64Array(4); return { b, again: b, raw: b.buffer };')),
    ]);
    await runtime.idle();
    const [{ report, transfer }] = reports as [(typeof reports)[number]];
    const value = (report.outcomes[0] as { value: { b: Float64Array } }).value;
    expect(transfer).toEqual([value.b.buffer]);
  });

  it('fails a result that cannot be structured-cloned with a clear message and path', async () => {
    const { runtime, outcomes } = setup();
    runtime.enqueue([attempt(code('return { rows: [1, { fmt: () => 1 }] };'))]);
    await runtime.idle();
    const outcome = outcomes()[0]!;
    expect(outcome.type).toBe('error');
    if (outcome.type !== 'error') return;
    expect(outcome.error.code).toBe('E_NOT_CLONEABLE');
    expect(outcome.error.message).toContain('a function at result.rows[1].fmt');
  });

  it('reports errors thrown by the task, serialized', async () => {
    const { runtime, outcomes } = setup();
    runtime.enqueue([attempt(code('throw new RangeError("nope");'))]);
    await runtime.idle();
    expect(outcomes()[0]).toMatchObject({
      type: 'error',
      error: { name: 'RangeError', message: 'nope' },
    });
  });

  it('fires ctx.signal of the running attempt and skips aborted queued ones', async () => {
    const { runtime, outcomes } = setup();
    const waiting = attempt(
      code(
        'log("waiting"); return await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));',
      ),
    );
    const queued = attempt(code('return "never";'));
    runtime.enqueue([waiting, queued]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    runtime.abort([queued.id, waiting.id], {
      name: 'RunCancelledError',
      message: 'Run cancelled',
      code: 'E_CANCELLED',
    });
    await runtime.idle();
    expect(outcomes()).toEqual([
      expect.objectContaining({
        type: 'error',
        id: waiting.id,
        error: expect.objectContaining({ code: 'E_CANCELLED' }),
      }),
      { type: 'skipped', id: queued.id },
    ]);
  });

  it('compiles each distinct source once (cache keyed by a hash of the code)', async () => {
    const { runtime } = setup();
    runtime.enqueue([
      attempt(code('return 1;')),
      attempt(code('return 1;')),
      attempt(code('return 2;')),
    ]);
    await runtime.idle();
    expect(runtime.cachedTasks).toBe(2);
  });

  it('runs a task sent by key alone with the source it received under that key, under its own name', async () => {
    const { runtime, outcomes } = setup();
    const source: TaskPayload = { ...code('return ctx.taskName + ":" + a;', ['a']), key: 7 };
    const first = attempt({ ...source, name: 'first' }, { a: 1 });
    const second = attempt({ kind: 'known', key: 7, name: 'second' }, { a: 2 });
    runtime.enqueue([first]);
    runtime.enqueue([second]);
    await runtime.idle();
    expect(outcomes().map((o) => (o.type === 'ok' ? o.value : o))).toEqual(['first:1', 'second:2']);
    expect(runtime.cachedTasks).toBe(1);
  });

  it('keeps a keyed source even when its own attempt is skipped, and fails an unknown key clearly', async () => {
    const { runtime, outcomes } = setup();
    const skipped = attempt({ ...code('return "ran";'), key: 3 });
    const later = attempt({ kind: 'known', key: 3, name: 'later' });
    const unknown = attempt({ kind: 'known', key: 4, name: 'lost' });
    runtime.abort([skipped.id], { name: 'Error', message: 'cancelled' });
    runtime.enqueue([skipped, later, unknown]);
    await runtime.idle();
    expect(outcomes()).toEqual([
      { type: 'skipped', id: skipped.id },
      expect.objectContaining({ type: 'ok', id: later.id, value: 'ran' }),
      expect.objectContaining({
        type: 'error',
        id: unknown.id,
        error: expect.objectContaining({
          message: 'This worker was never sent the source of task "lost"',
        }),
      }),
    ]);
  });

  it('blames the running attempt when crashing and reports finished outcomes with it', async () => {
    const { runtime, reports } = setup({ outcomeFlushMs: 1e9 });
    const done = attempt(code('return "done";'));
    const hanging = attempt(code('return new Promise(() => {});'));
    runtime.enqueue([done, hanging]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    runtime.crash(new Error('boom'));
    const report = reports.at(-1)!.report;
    expect(report.outcomes).toEqual([expect.objectContaining({ id: done.id, type: 'ok' })]);
    expect(report.crash).toMatchObject({ attemptId: hanging.id, error: { message: 'boom' } });
  });
});

describe('TaskRuntime log cap', () => {
  it('sends the first and last lines of a flood and says how many were dropped, before the outcome', async () => {
    const { runtime, reports, outcomes } = setup();
    runtime.enqueue([
      attempt(code('for (let i = 0; i < 20000; i++) console.log("line " + i); return 1;')),
    ]);
    await runtime.idle();
    const lines = reports.flatMap((r) =>
      r.report.logs.flatMap((e) => e.lines.map((l) => l.message)),
    );
    expect(lines).toHaveLength(LOG_HEAD_LINES + 1 + LOG_TAIL_LINES);
    expect(lines[0]).toBe('line 0');
    expect(lines[LOG_HEAD_LINES - 1]).toBe(`line ${LOG_HEAD_LINES - 1}`);
    expect(lines[LOG_HEAD_LINES]).toMatch(
      new RegExp(`^… ${20000 - LOG_HEAD_LINES - LOG_TAIL_LINES} log lines dropped here`),
    );
    expect(lines.at(-1)).toBe('line 19999');
    expect(lines[LOG_HEAD_LINES + 1]).toBe(`line ${20000 - LOG_TAIL_LINES}`);
    expect(outcomes()).toEqual([expect.objectContaining({ type: 'ok', value: 1 })]);
    const lastLog = reports.findLastIndex((r) => r.report.logs.length > 0);
    expect(reports.findIndex((r) => r.report.outcomes.length > 0)).toBeGreaterThanOrEqual(lastLog);
  });

  it('keeps a short log whole, with no note', async () => {
    const { runtime, reports } = setup();
    runtime.enqueue([attempt(code('for (let i = 0; i < 600; i++) log(i); return 1;'))]);
    await runtime.idle();
    const lines = reports.flatMap((r) =>
      r.report.logs.flatMap((e) => e.lines.map((l) => l.message)),
    );
    expect(lines).toEqual(Array.from({ length: 600 }, (_, i) => String(i)));
  });
});

describe('TaskRuntime side by side with a shared `taken` counter', () => {
  it('counts each attempt before it runs and sends no start report', async () => {
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const seen: number[] = [];
    const { runtime, reports, outcomes } = setup({ concurrency: 4, taken });
    // Each task reads the counter as it runs: the host would see it taken by then.
    (globalThis as { fwTaken?: () => number }).fwTaken = () => Atomics.load(taken, 0);
    const task = code('globalThis.fwSeen.push(globalThis.fwTaken()); return null;');
    (globalThis as { fwSeen?: number[] }).fwSeen = seen;
    runtime.enqueue(Array.from({ length: 10 }, () => attempt(task)));
    await runtime.idle();
    expect(outcomes()).toHaveLength(10);
    expect(Atomics.load(taken, 0)).toBe(10);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reports.filter((r) => r.report.started !== undefined)).toEqual([]);
  });

  it('without a counter, reports each start before the task runs (the host cannot tell otherwise)', async () => {
    const { runtime, reports } = setup({ concurrency: 4 });
    runtime.enqueue(Array.from({ length: 3 }, () => attempt(code('return null;'))));
    await runtime.idle();
    expect(reports.flatMap((r) => r.report.started ?? [])).toHaveLength(3);
  });
});

describe('TaskRuntime side by side, CPU-bound attempts', () => {
  it('reports an attempt that held the thread before the next one starts', async () => {
    const { runtime, reports } = setup({
      concurrency: 4,
      taken: new Int32Array(new SharedArrayBuffer(4)),
    });
    const busy = code(
      'const end = Date.now() + 30; while (Date.now() < end) {} return ctx.taskName;',
    );
    const first = attempt(busy);
    const second = attempt(busy);
    runtime.enqueue([first, second]);
    await runtime.idle();
    const withOutcomes = reports
      .map((r) => r.report.outcomes.map((o) => o.id))
      .filter((ids) => ids.length > 0);
    expect(withOutcomes).toEqual([[first.id], [second.id]]);
  });
});
