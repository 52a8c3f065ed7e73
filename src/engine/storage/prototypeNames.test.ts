// Every store hands back a run's tasks in a record without a prototype: a task named after a name
// of Object.prototype is found, and one never recorded reads `undefined`.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { JSONStateStore } from './JSONStateStore.ts';
import { MemoryStateStore } from './MemoryStateStore.ts';
import type { StateStore } from './StateStore.ts';
import { runRecord, taskState } from './testFixtures.ts';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-proto-'));
  globalThis.indexedDB = new IDBFactory();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const STORES: [string, () => StateStore][] = [
  ['memory', () => new MemoryStateStore()],
  ['JSON file', () => new JSONStateStore(join(dir, `${Math.random()}.json`))],
  ['IndexedDB', () => new IndexedDBStateStore({ dbName: `proto-${Math.random()}` })],
];

describe.each(STORES)('%s store', (_, make) => {
  it.each(NAMES)('keeps a task named %s as its own key', async (name) => {
    const store = make();
    store.saveRun(runRecord('wf', `r-${name}`));
    store.recordTask('wf', `r-${name}`, taskState(name, 'completed', name));
    await store.flush();
    const stored = (await store.loadRun('wf', `r-${name}`))!;
    expect(Object.getPrototypeOf(stored.tasks)).toBeNull();
    expect(Object.keys(stored.tasks)).toEqual([name]);
    expect(stored.tasks[name]!.result).toBe(name);
    for (const other of NAMES) if (other !== name) expect(stored.tasks[other]).toBeUndefined();
  });
});

it('a JSON state file read by a new store keeps tasks named after Object.prototype', async () => {
  const file = join(dir, 'reopened.json');
  const first = new JSONStateStore(file);
  first.saveRun(runRecord('wf', 'r'));
  for (const name of NAMES) first.recordTask('wf', 'r', taskState(name, 'completed', name));
  await first.flush();
  const stored = (await new JSONStateStore(file).loadRun('wf', 'r'))!;
  expect(Object.getPrototypeOf(stored.tasks)).toBeNull();
  expect(Object.keys(stored.tasks).sort()).toEqual([...NAMES].sort());
  for (const name of NAMES) expect(stored.tasks[name]!.result).toBe(name);
});
