import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from './MemoryStateStore.ts';

describe('MemoryStateStore', () => {
  it('keys runs by (workflow id, run id) and copies records in and out', async () => {
    const store = new MemoryStateStore();
    const state = {
      name: 't',
      status: 'completed' as const,
      attempts: 1,
      attemptHistory: [],
      result: { n: 1 },
    };
    store.saveRun({
      workflowId: 'w1',
      runId: 'r',
      status: 'completed',
      startedAt: 1,
      updatedAt: 2,
    });
    store.recordTask('w1', 'r', state);
    state.result.n = 99;
    expect(await store.loadRun('w2', 'r')).toBeUndefined();
    const loaded = await store.loadRun('w1', 'r');
    expect(loaded?.tasks.t?.result).toEqual({ n: 1 });
  });

  it('lists runs newest first, deletes them, keeps logs per task', async () => {
    const store = new MemoryStateStore();
    store.saveRun({
      workflowId: 'w',
      runId: 'old',
      status: 'completed',
      startedAt: 1,
      updatedAt: 1,
    });
    store.saveRun({ workflowId: 'w', runId: 'new', status: 'failed', startedAt: 2, updatedAt: 2 });
    store.appendLog('w', 'new', 't', { ts: 1, level: 'info', message: 'hi' });
    expect((await store.listRuns('w')).map((r) => r.runId)).toEqual(['new', 'old']);
    expect(await store.getLogs('w', 'new', 't')).toEqual([{ ts: 1, level: 'info', message: 'hi' }]);
    await store.deleteRun('w', 'new');
    expect((await store.listRuns('w')).map((r) => r.runId)).toEqual(['old']);
    await expect(store.flush()).resolves.toBeUndefined();
  });

  it.each([[() => 1], [Symbol('s')]])('refuses %s as not storable', (value) => {
    expect(() => new MemoryStateStore().assertStorable(value)).toThrow(/cannot be stored/);
  });

  it.each([[1], [{ a: [1, 2] }], [null], [new Date(0)]])('accepts %j', (value) => {
    expect(() => new MemoryStateStore().assertStorable(value)).not.toThrow();
  });
});
