import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSONStateStore } from './JSONStateStore.ts';
import { logLine, runRecord, taskState, warnings } from './testFixtures.ts';
import { UnstorableValueError } from './storageErrors.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-json-'));
  file = join(dir, 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JSONStateStore file', () => {
  it('writes the file atomically and reads it back in a new store', async () => {
    const store = new JSONStateStore(file);
    store.saveRun(runRecord('wf', 'r'));
    for (let i = 0; i < 50; i++)
      store.recordTask('wf', 'r', taskState(`t${i}`, 'completed', { i }));
    store.appendLog('wf', 'r', 't1', logLine('hi'));
    await store.flush();
    expect(await readdir(dir)).toEqual(['state.json']); // no temp file left behind
    const data = JSON.parse(await readFile(file, 'utf8')) as { format: string; version: number };
    expect([data.format, data.version]).toEqual(['flowweaver.state', 1]);

    const reloaded = new JSONStateStore({ path: file });
    const loaded = await reloaded.loadRun('wf', 'r');
    expect(loaded?.run).toEqual(runRecord('wf', 'r'));
    expect(loaded?.tasks.t7).toEqual(taskState('t7', 'completed', { i: 7 }));
    expect(await reloaded.getLogs('wf', 'r', 't1')).toEqual([logLine('hi')]);
    expect(await reloaded.listRuns('wf')).toHaveLength(1);
  });

  it('keeps a corrupt file as <file>.corrupt-<ts>, warns once and starts afresh', async () => {
    await writeFile(file, '{"format": "flowweaver.state", "version": 1, "runs": {');
    const w = warnings();
    const store = new JSONStateStore({ path: file, onWarning: w.handler });
    expect(await store.loadRun('wf', 'r')).toBeUndefined();
    store.saveRun(runRecord('wf', 'r'));
    await store.flush();
    expect(await store.listRuns('wf')).toHaveLength(1);
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_CORRUPT']);
    const names = await readdir(dir);
    const kept = names.find((n) => n.startsWith('state.json.corrupt-'));
    expect(kept).toBeDefined();
    expect(w.list[0]?.message).toContain(join(dir, kept ?? ''));
    expect(await readFile(join(dir, kept ?? ''), 'utf8')).toMatch(/"runs": \{$/);
  });

  it('leaves a file of an unknown version untouched and keeps runs in memory', async () => {
    const future = JSON.stringify({ format: 'flowweaver.state', version: 2, runs: {} });
    await writeFile(file, future);
    const w = warnings();
    const store = new JSONStateStore({ path: file, onWarning: w.handler });
    store.saveRun(runRecord('wf', 'r'));
    await store.flush();
    expect((await store.loadRun('wf', 'r'))?.run.runId).toBe('r');
    expect(await readFile(file, 'utf8')).toBe(future);
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_VERSION']);
  });

  it('ignores a record of the wrong shape once, and keeps it in the file', async () => {
    const bad = { run: { workflowId: 'wf', runId: 'bad' }, tasks: {} };
    const good = { run: runRecord('wf', 'good'), tasks: { a: taskState('a', 'completed', 1) } };
    await writeFile(
      file,
      JSON.stringify({ format: 'flowweaver.state', version: 1, runs: { wf: { bad, good } } }),
    );
    const w = warnings();
    const store = new JSONStateStore({ path: file, onWarning: w.handler });
    expect(await store.loadRun('wf', 'bad')).toBeUndefined();
    expect(await store.loadRun('wf', 'bad')).toBeUndefined();
    expect((await store.loadRun('wf', 'good'))?.tasks.a?.result).toBe(1);
    store.saveRun(runRecord('wf', 'new'));
    await store.flush();
    const written = JSON.parse(await readFile(file, 'utf8')) as {
      runs: { wf: Record<string, unknown> };
    };
    expect(written.runs.wf.bad).toEqual(bad);
    expect(Object.keys(written.runs.wf).sort()).toEqual(['bad', 'good', 'new']);
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_CORRUPT']);
  });
});

describe('JSONStateStore in memory', () => {
  it('exports with toJSON and imports with load / fromJSON', async () => {
    const store = new JSONStateStore();
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('a', 'completed', { at: 'x', nested: [1, null] }));
    store.appendLog('wf', 'r', 'a', logLine('exported'));
    const text = store.toJSON(); // includes records not flushed yet
    const copy = JSONStateStore.fromJSON(text);
    expect(await copy.loadRun('wf', 'r')).toEqual(await store.loadRun('wf', 'r'));
    expect(await copy.getLogs('wf', 'r', 'a')).toEqual([logLine('exported')]);
    expect(copy.toJSON()).toBe(text);

    const other = new JSONStateStore();
    other.saveRun(runRecord('other', 'x'));
    expect(other.load(text)).toEqual({ runs: 1, ignored: 0 });
    expect(await other.listRuns('other')).toHaveLength(1);
    expect(await other.listRuns('wf')).toHaveLength(1);
  });

  it('reports unreadable imported text once and changes nothing', () => {
    const w = warnings();
    const store = new JSONStateStore({ onWarning: w.handler });
    expect(store.load('not json')).toEqual({ runs: 0, ignored: 1 });
    expect(store.load('{"format":"flowweaver.state","version":7,"runs":{}}')).toEqual({
      runs: 0,
      ignored: 1,
    });
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_CORRUPT', 'E_STORAGE_VERSION']);
  });

  it('keeps workflows apart under the same run id and task names', async () => {
    const store = new JSONStateStore();
    store.recordTask('a', 'same', taskState('t', 'completed', 'A'));
    store.recordTask('b', 'same', taskState('t', 'completed', 'B'));
    store.saveRun(runRecord('a', 'same'));
    store.saveRun(runRecord('b', 'same'));
    expect((await store.loadRun('a', 'same'))?.tasks.t?.result).toBe('A');
    expect((await store.loadRun('b', 'same'))?.tasks.t?.result).toBe('B');
  });
});

describe('JSONStateStore edge cases', () => {
  it('round-trips ids such as __proto__ through a file', async () => {
    const file2 = join(dir, 'proto.json');
    const store = new JSONStateStore(file2);
    store.saveRun(runRecord('__proto__', '__proto__'));
    store.recordTask('__proto__', '__proto__', taskState('__proto__', 'completed', 1));
    await store.flush();
    const loaded = await new JSONStateStore(file2).loadRun('__proto__', '__proto__');
    expect(Object.keys(loaded?.tasks ?? {})).toEqual(['__proto__']);
    expect(loaded?.tasks['__proto__']?.result).toBe(1);
  });

  it('records the transition without the result when an unstorable result slips through', async () => {
    const w = warnings();
    const store = new JSONStateStore({ onWarning: w.handler });
    store.saveRun(runRecord('wf', 'r'));
    store.recordTask('wf', 'r', taskState('a', 'completed', { n: 1n }));
    const loaded = await store.loadRun('wf', 'r');
    expect(loaded?.tasks.a?.status).toBe('completed');
    expect(loaded?.tasks.a && 'result' in loaded.tasks.a).toBe(false);
    expect(w.list.map((x) => x.code)).toEqual(['E_NOT_STORABLE']);
  });
});

describe('JSONStateStore.assertStorable', () => {
  const store = new JSONStateStore();
  it.each([
    [{ f: () => 1 }, /result\.f is a function/],
    [{ big: 10n }, /result\.big is a BigInt/],
    [{ list: [new Map()] }, /result\.list\[0\] is a Map/],
  ])('refuses %o', (value, message) => {
    expect(() => store.assertStorable(value)).toThrow(UnstorableValueError);
    expect(() => store.assertStorable(value)).toThrow(message);
  });

  it('names a circular reference', () => {
    const loop: { self?: unknown; 'odd key'?: unknown } = {};
    loop['odd key'] = { back: loop };
    expect(() => store.assertStorable(loop)).toThrow(
      'result["odd key"].back is a circular reference back to result',
    );
  });

  it('accepts plain data, undefined, shared references and Dates', () => {
    const shared = { x: 1 };
    expect(() =>
      store.assertStorable({ a: shared, b: shared, u: undefined, d: new Date() }),
    ).not.toThrow();
    expect(() => store.assertStorable(undefined)).not.toThrow();
  });
});
