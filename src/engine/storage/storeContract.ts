// The StateStore contract as one Vitest suite, run against every store (storeContract.test.ts):
// what the scheduler and the app rely on, whatever keeps the records.
import { describe, expect, it, vi } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { Workflow } from '../model/Workflow.ts';
import type { StateStore } from './StateStore.ts';
import { instanceRecord, instancesOf } from './instanceRecords.ts';
import { instanceKey } from '../model/mapping.ts';
import type { TaskContext } from '../model/types.ts';
import { logLine, runRecord, taskState } from './testFixtures.ts';

/** A fresh store, and for a persistent one a way to open its file again in a new store. */
export interface ContractStore {
  store: StateStore;
  /** A new store on the same file (after the first was flushed). */
  reopen?: () => StateStore;
}

/** What a store does beyond the minimum. */
export interface ContractTraits {
  /** Keeps at most this many log lines per task, with a note of the dropped ones. */
  logCap?: number;
}

/** Registers the contract tests for a store made by `make` (each test gets a fresh one). */
export function describeStoreContract(
  name: string,
  make: (traits: ContractTraits) => ContractStore,
  traits: ContractTraits = {},
): void {
  describe(`${name} (StateStore contract)`, () => {
    const fresh = () => make(traits);
    /** The store to read back from: the same one, or a reopened file. */
    const readBack = async ({ store, reopen }: ContractStore): Promise<StateStore> => {
      await store.flush();
      return reopen ? reopen() : store;
    };

    it('keys runs by (workflow id, run id): same run id and task names in two workflows stay apart', async () => {
      const made = fresh();
      const { store } = made;
      for (const wf of ['w1', 'w2']) {
        await store.saveRun(runRecord(wf, 'r'));
        await store.recordTask(wf, 'r', taskState('t', 'completed', { from: wf }));
      }
      const back = await readBack(made);
      expect((await back.loadRun('w1', 'r'))?.tasks.t?.result).toEqual({ from: 'w1' });
      expect((await back.loadRun('w2', 'r'))?.tasks.t?.result).toEqual({ from: 'w2' });
      expect(await back.loadRun('w3', 'r')).toBeUndefined();
      expect(await back.loadRun('w1', 'other')).toBeUndefined();
    });

    it('records every transition: the latest state of each task wins', async () => {
      const made = fresh();
      const { store } = made;
      await store.saveRun(runRecord('w', 'r'));
      for (const status of ['pending', 'running', 'completed'] as const)
        await store.recordTask('w', 'r', taskState('t', status, { n: 1 }));
      await store.saveRun({ ...runRecord('w', 'r'), status: 'completed', finishedAt: 20 });
      const back = await readBack(made);
      const loaded = await back.loadRun('w', 'r');
      expect(loaded?.run).toMatchObject({ status: 'completed', finishedAt: 20 });
      expect(loaded?.tasks.t).toEqual(taskState('t', 'completed', { n: 1 }));
    });

    it('lists runs newest first and deletes a run with its tasks and logs', async () => {
      const made = fresh();
      const { store } = made;
      await store.saveRun(runRecord('w', 'old', 1));
      await store.saveRun(runRecord('w', 'new', 2));
      await store.saveRun(runRecord('elsewhere', 'x', 3));
      await store.recordTask('w', 'new', taskState('t', 'completed', 1));
      await store.appendLog('w', 'new', 't', logLine('hi'));
      const back = await readBack(made);
      expect((await back.listRuns('w')).map((r) => r.runId)).toEqual(['new', 'old']);
      await back.deleteRun('w', 'new');
      expect((await back.listRuns('w')).map((r) => r.runId)).toEqual(['old']);
      expect(await back.loadRun('w', 'new')).toBeUndefined();
      expect(await back.getLogs('w', 'new', 't')).toEqual([]);
      expect((await back.listRuns('elsewhere')).map((r) => r.runId)).toEqual(['x']);
    });

    it('keeps the log lines of each task in order', async () => {
      const made = fresh();
      const { store } = made;
      await store.saveRun(runRecord('w', 'r'));
      for (const n of [1, 2, 3]) await store.appendLog('w', 'r', 'a', logLine(`a${n}`, n));
      await store.appendLog('w', 'r', 'b', logLine('b1'));
      const back = await readBack(made);
      expect((await back.getLogs('w', 'r', 'a')).map((l) => l.message)).toEqual(['a1', 'a2', 'a3']);
      expect((await back.getLogs('w', 'r', 'b')).map((l) => l.message)).toEqual(['b1']);
    });

    if (traits.logCap !== undefined) {
      const cap = traits.logCap;
      it(`keeps the newest ${cap} lines of a task and says how many were dropped`, async () => {
        const made = fresh();
        const { store } = made;
        await store.saveRun(runRecord('w', 'r'));
        for (let n = 1; n <= cap + 3; n++)
          await store.appendLog('w', 'r', 't', logLine(`l${n}`, n));
        await store.flush();
        await store.appendLog('w', 'r', 't', logLine('last', 99));
        const lines = await (await readBack(made)).getLogs('w', 'r', 't');
        expect(lines[0]?.message).toMatch(/^… 4 earlier lines dropped/);
        expect(lines.slice(1).map((l) => l.message)).toEqual([
          ...Array.from({ length: cap - 1 }, (_, i) => `l${i + 5}`),
          'last',
        ]);
      });
    }

    it('round-trips ids such as __proto__ and constructor', async () => {
      const made = fresh();
      const { store } = made;
      await store.saveRun(runRecord('__proto__', 'constructor'));
      await store.recordTask('__proto__', 'constructor', taskState('__proto__', 'completed', 1));
      const loaded = await (await readBack(made)).loadRun('__proto__', 'constructor');
      expect(loaded?.tasks.__proto__).toEqual(taskState('__proto__', 'completed', 1));
    });

    it('refuses a function as a result (assertStorable)', () => {
      expect(() => fresh().store.assertStorable?.(() => 1)).toThrow(/cannot be stored/);
    });

    it('resumes a run: completed tasks are restored, never run again', async () => {
      const made = fresh();
      const a = vi.fn(() => 41);
      let fixed = false;
      const wf = new Workflow('resume', { id: 'resume' });
      wf.addTask(a, { name: 'a' });
      wf.addTask(
        (inputs: Record<string, unknown>) => {
          if (!fixed) throw new Error('not yet');
          return (inputs.a as number) + 1;
        },
        { name: 'b', dependsOn: ['a'] },
      );
      const first = new SequentialExecutor({ store: made.store });
      await wf.execute(first, { runId: 'r' }).catch(() => undefined);
      await made.store.flush();
      fixed = true;
      const store = made.reopen ? made.reopen() : made.store;
      const result = await wf.execute(new SequentialExecutor({ store }), { runId: 'r' });
      expect(a).toHaveBeenCalledTimes(1);
      expect(result.restored).toEqual(['a']);
      expect(result.tasks.b?.result).toBe(42);
      await store.flush();
      expect((await store.loadRun('resume', 'r'))?.run.status).toBe('completed');
    });

    it('keeps instances of mapped tasks apart from tasks, each with its own logs', async () => {
      const made = fresh();
      const { store } = made;
      await store.saveRun(runRecord('w', 'r'));
      await store.recordTask('w', 'r', taskState('t', 'running'));
      for (const index of [2, 0, 1]) {
        const { name: _name, ...state } = taskState('t', 'completed', index * 10);
        await store.recordTask('w', 'r', instanceRecord({ ...state, task: 't', index }));
        await store.appendLog('w', 'r', instanceKey('t', index), logLine(`item ${index}`));
      }
      await store.appendLog('w', 'r', 't', logLine('own'));
      const back = await readBack(made);
      const loaded = (await back.loadRun('w', 'r'))!;
      expect(Object.keys(loaded.tasks)).toEqual(['t']);
      const instances = instancesOf(loaded, 't');
      expect(instances.map((s) => [s.task, s.index, s.status, s.result])).toEqual([
        ['t', 0, 'completed', 0],
        ['t', 1, 'completed', 10],
        ['t', 2, 'completed', 20],
      ]);
      expect(instances[0]).not.toHaveProperty('name');
      expect(await back.getLogs('w', 'r', instanceKey('t', 1))).toEqual([logLine('item 1')]);
      expect(await back.getLogs('w', 'r', 't')).toEqual([logLine('own')]);
      // Deleting the run deletes its instances and their logs with it.
      await back.deleteRun('w', 'r');
      await back.flush();
      expect(await back.loadRun('w', 'r')).toBeUndefined();
      expect(await back.getLogs('w', 'r', instanceKey('t', 1))).toEqual([]);
    });

    it('resumes a mapped task: completed instances are restored, only the others run again', async () => {
      const made = fresh();
      const runs: number[] = [];
      let fixed = false;
      const wf = new Workflow('resume-map', { id: 'resume-map' });
      wf.addTask(() => [10, 20, 30, 40], { name: 'items' });
      wf.addTask(
        (_inputs: Record<string, unknown>, ctx: TaskContext) => {
          runs.push(ctx.index!);
          if (ctx.index === 2 && !fixed) throw new Error('not yet');
          return (ctx.item as number) + 1;
        },
        { name: 'inc', dependsOn: ['items'], mapOver: 'items' },
      );
      await wf
        .execute(new SequentialExecutor({ store: made.store }), { runId: 'r' })
        .catch(() => undefined);
      await made.store.flush();
      expect(runs).toEqual([0, 1, 2, 3]);
      fixed = true;
      const store = made.reopen ? made.reopen() : made.store;
      const result = await wf.execute(new SequentialExecutor({ store }), { runId: 'r' });
      expect(runs).toEqual([0, 1, 2, 3, 2]);
      expect(result.tasks.inc?.result).toEqual([11, 21, 31, 41]);
      await store.flush();
      const stored = (await store.loadRun('resume-map', 'r'))!;
      expect(instancesOf(stored, 'inc').map((s) => [s.status, s.restored ?? false])).toEqual([
        ['completed', true],
        ['completed', true],
        ['completed', false],
        ['completed', true],
      ]);
    });
  });
}
