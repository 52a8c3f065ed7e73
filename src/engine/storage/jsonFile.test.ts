import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JSONStateStore } from './JSONStateStore.ts';
import { writeFileAtomic } from './jsonFile.ts';
import { runRecord, warnings } from './testFixtures.ts';

const spies = vi.hoisted(() => ({
  failRename: false,
  renames: [] as [string, string][],
  /** The code of the error every fsync rejects with, if any. */
  syncError: undefined as string | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const rename = async (from: string, to: string) => {
    spies.renames.push([from, to]);
    if (spies.failRename) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    return actual.rename(from, to);
  };
  const open: typeof actual.open = async (...args) => {
    const handle = await actual.open(...args);
    const { syncError } = spies;
    if (syncError)
      handle.sync = () =>
        Promise.reject(Object.assign(new Error('fsync refused'), { code: syncError }));
    return handle;
  };
  return { ...actual, default: { ...actual, rename, open }, rename, open };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-atomic-'));
  spies.failRename = false;
  spies.renames.length = 0;
  spies.syncError = undefined;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a unique temp file in the same directory and renames it over the target', async () => {
    const target = join(dir, 'state.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(spies.renames).toHaveLength(2);
    const [first, second] = spies.renames;
    expect(first?.[0]).not.toBe(second?.[0]);
    for (const [from, to] of spies.renames) {
      expect(to).toBe(target);
      expect(from.startsWith(join(dir, '.state.json.'))).toBe(true);
    }
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('leaves the previous file intact and no temp file when the rename fails', async () => {
    const target = join(dir, 'state.json');
    await writeFile(target, 'previous');
    spies.failRename = true;
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow('no space left');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});

describe('writeFileAtomic where fsync is refused', () => {
  // Node 24 under its permission model (`flowweaver run --sandbox`) refuses fsync on any file
  // handle; Node 20 allows FileHandle.sync there, so the refusal is simulated.
  it('still replaces the file when the permission model refuses fsync', async () => {
    spies.syncError = 'ERR_ACCESS_DENIED';
    const target = join(dir, 'state.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('fails on any other fsync error, leaving no temp file', async () => {
    spies.syncError = 'EIO';
    await expect(writeFileAtomic(join(dir, 'state.json'), 'one')).rejects.toThrow('fsync refused');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('JSONStateStore write failures', () => {
  it('warns once (quota), keeps the run in memory and the old file intact', async () => {
    const file = join(dir, 'state.json');
    const first = new JSONStateStore(file);
    first.saveRun(runRecord('wf', 'before'));
    await first.flush();
    const before = await readFile(file, 'utf8');

    spies.failRename = true;
    const w = warnings();
    const store = new JSONStateStore({ path: file, onWarning: w.handler });
    store.saveRun(runRecord('wf', 'r1'));
    await store.flush();
    store.saveRun(runRecord('wf', 'r2'));
    await store.flush();
    expect(w.list.map((x) => x.code)).toEqual(['E_STORAGE_QUOTA']);
    expect((await store.listRuns('wf')).map((r) => r.runId).sort()).toEqual(['before', 'r1', 'r2']);
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
