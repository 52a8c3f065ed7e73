// SQLite persistence figures (issue 15), in Node as the IndexedDB ones are in Chromium (persist):
// `sqlite.overhead_ratio`, a 1,000-task no-op run on SQLiteStateStore vs MemoryStateStore in the
// same process (alternating order, median of per-round ratios), the JSON file store beside them,
// and `sqlite.restore_ms` for a 10,000-task run (a new store on the file, then a resume that runs
// nothing).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncExecutor } from '../src/engine/execute/AsyncExecutor.ts';
import { Workflow } from '../src/engine/model/Workflow.ts';
import { JSONStateStore } from '../src/engine/storage/JSONStateStore.ts';
import { MemoryStateStore } from '../src/engine/storage/MemoryStateStore.ts';
import { SQLiteStateStore } from '../src/engine/storage/SQLiteStateStore.ts';
import type { StateStore } from '../src/engine/storage/StateStore.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const N_OVERHEAD = 1_000;
const N_RESTORE = 10_000;
const WARMUP_ROUNDS = 3;
const ROUNDS = 15;
const RESTORE_RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'fw-sqlite-bench-'));

function noops(n: number, id: string): Workflow {
  const wf = new Workflow(id, { id });
  for (let i = 0; i < n; i++) wf.addTask(() => null, { name: `t${i}` });
  return wf;
}

/** ms of one run of `n` no-op tasks on `store` (execute resolves after the store's flush). */
async function runOn(store: StateStore, n: number, runId: string): Promise<number> {
  const wf = noops(n, 'bench');
  const t0 = performance.now();
  await wf.execute(new AsyncExecutor({ store }), { runId });
  return performance.now() - t0;
}

const kinds = ['memory', 'sqlite', 'json'] as const;
const times: Record<(typeof kinds)[number], number[]> = { memory: [], sqlite: [], json: [] };
const ratios: number[] = [];
const sqlite = new SQLiteStateStore(join(dir, 'overhead.sqlite'));
const json = new JSONStateStore(join(dir, 'overhead.json'));
for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
  const round: Record<string, number> = {};
  for (const kind of r % 2 ? [...kinds].reverse() : kinds) {
    const store = kind === 'memory' ? new MemoryStateStore() : kind === 'sqlite' ? sqlite : json;
    round[kind] = await runOn(store, N_OVERHEAD, `r${r}`);
  }
  if (r < WARMUP_ROUNDS) continue;
  for (const kind of kinds) times[kind].push(round[kind]!);
  ratios.push(round.sqlite! / round.memory!);
}
await sqlite.close();

const restorePath = join(dir, 'restore.sqlite');
const seeding = new SQLiteStateStore(restorePath);
const seedMs = await runOn(seeding, N_RESTORE, 'big');
await seeding.close();
const restoreMs: number[] = [];
const loadRunMs: number[] = [];
for (let i = 0; i < RESTORE_RUNS; i++) {
  const store = new SQLiteStateStore(restorePath);
  const t0 = performance.now();
  await store.loadRun('bench', 'big');
  loadRunMs.push(performance.now() - t0);
  restoreMs.push(await runOn(store, N_RESTORE, 'big'));
  await store.close();
}

const ratio = median(ratios);
const metrics: BenchMetric[] = [
  {
    name: 'sqlite.overhead_ratio',
    value: ratio,
    unit: '×',
    goal: '≤ 1.10',
    met: ratio <= 1.1,
    note: `${N_OVERHEAD} no-op function tasks, AsyncExecutor, SQLiteStateStore ÷ MemoryStateStore in the same process; median of ${ROUNDS} per-round ratios, order alternating, after ${WARMUP_ROUNDS} warm-up rounds (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`,
  },
  {
    name: 'sqlite.run_ms.1k.memory',
    value: median(times.memory),
    unit: 'ms',
    note: 'MemoryStateStore, same rounds',
  },
  {
    name: 'sqlite.run_ms.1k.sqlite',
    value: median(times.sqlite),
    unit: 'ms',
    note: 'SQLiteStateStore (WAL, one transaction per batch; execute resolves after flush), same rounds',
  },
  {
    name: 'sqlite.run_ms.1k.json',
    value: median(times.json),
    unit: 'ms',
    note: 'JSONStateStore on a file (atomic rewrite per batch), same rounds, for reference',
  },
  {
    name: 'sqlite.restore_ms',
    value: median(restoreMs),
    unit: 'ms',
    goal: 'recorded',
    note: `${N_RESTORE}-task completed run: new store on the file + new Workflow, execute() with the same runId (loadRun + restore, nothing runs); median of ${RESTORE_RUNS}`,
  },
  {
    name: 'sqlite.load_run_ms.10k',
    value: median(loadRunMs),
    unit: 'ms',
    note: 'loadRun alone on a fresh store (includes opening the database)',
  },
  {
    name: 'sqlite.run_ms.10k.sqlite',
    value: seedMs,
    unit: 'ms',
    note: 'the one 10,000-task run that seeded the restore (persisted, flushed)',
  },
];
writeBenchResults('sqlitePersist', metrics);
