// What the SQLite store adds to the shared contract (storeContract.test.ts): files it must refuse
// untouched, a lock held by another process, and several writers on one file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLiteStateStore } from './SQLiteStateStore.ts';
import { logLine, runRecord, taskState, warnings } from './testFixtures.ts';

const tempFile = (name = 'runs.sqlite') => join(mkdtempSync(join(tmpdir(), 'fw-sqlite-')), name);

describe('SQLiteStateStore refuses what it cannot use, and leaves it untouched', () => {
  it('a file that is not an SQLite database', () => {
    const path = tempFile();
    writeFileSync(path, '{"format":"flowweaver.state"}');
    expect(() => new SQLiteStateStore(path)).toThrow(
      expect.objectContaining({
        code: 'E_STORAGE_CORRUPT',
        message: expect.stringMatching(/is not a readable SQLite database.*left untouched/),
      }),
    );
    expect(readFileSync(path, 'utf8')).toBe('{"format":"flowweaver.state"}');
  });

  it('an SQLite database of something else', () => {
    const path = tempFile();
    const other = new Database(path);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => new SQLiteStateStore(path)).toThrow(
      expect.objectContaining({
        code: 'E_STORAGE_CORRUPT',
        message: expect.stringMatching(
          /not a FlowWeaver state database \(it has tables customers\)/,
        ),
      }),
    );
    const tables = new Database(path).prepare('SELECT name FROM sqlite_master').all();
    expect(tables).toEqual([{ name: 'customers' }]);
  });

  it('a state database of a newer version', async () => {
    const path = tempFile();
    await new SQLiteStateStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SQLiteStateStore(path)).toThrow(
      expect.objectContaining({
        code: 'E_STORAGE_VERSION',
        message: expect.stringMatching(/version 99/),
      }),
    );
  });

  it('a database another process keeps locked past the busy timeout', async () => {
    const path = tempFile();
    await new SQLiteStateStore(path).close();
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => new SQLiteStateStore(path, { busyTimeoutMs: 50 })).toThrow(
        expect.objectContaining({
          code: 'E_STORAGE_BLOCKED',
          message: expect.stringMatching(/is locked by another process/),
        }),
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('SQLiteStateStore with several writers on one file', () => {
  it('keeps concurrent runs of different workflows apart, each readable by a third store', async () => {
    const path = tempFile();
    const one = new SQLiteStateStore(path);
    const two = new SQLiteStateStore(path);
    for (let i = 0; i < 20; i++) {
      for (const [store, wf] of [
        [one, 'etl'],
        [two, 'report'],
      ] as const) {
        if (i === 0) store.saveRun(runRecord(wf, 'default'));
        store.recordTask(wf, 'default', taskState(`t${i}`, 'completed', `${wf}-${i}`));
        store.appendLog(wf, 'default', `t${i}`, logLine(`${wf} ${i}`));
      }
      await Promise.all([one.flush(), two.flush()]);
    }
    await Promise.all([one.close(), two.close()]);
    const reader = new SQLiteStateStore(path);
    for (const wf of ['etl', 'report']) {
      const run = await reader.loadRun(wf, 'default');
      expect(Object.keys(run!.tasks)).toHaveLength(20);
      expect(run!.tasks.t7?.result).toBe(`${wf}-7`);
      expect(await reader.getLogs(wf, 'default', 't19')).toEqual([logLine(`${wf} 19`)]);
    }
    await reader.close();
  });

  it('records a transition without a result that cannot be stored, with a warning', async () => {
    const seen = warnings();
    const store = new SQLiteStateStore(tempFile(), { onWarning: seen.handler });
    store.saveRun(runRecord('w', 'r'));
    store.recordTask(
      'w',
      'r',
      taskState('t', 'completed', () => 1),
    );
    const loaded = await store.loadRun('w', 'r');
    expect(loaded?.tasks.t?.status).toBe('completed');
    expect(loaded?.tasks.t && 'result' in loaded.tasks.t).toBe(false);
    expect(seen.list.map((w) => w.code)).toEqual(['E_NOT_STORABLE']);
    await store.close();
  });
});
