// Dynamic task mapping (issue 16): 10,000 instances of a no-op mapped over one upstream's array,
// next to 10,000 plain independent no-op tasks, under AsyncExecutor and ThreadedExecutor (2
// workers), measured side by side in the same rounds (alternating order, one warm executor per
// contender reused, medians). Both workflows are code tasks with the same body, so the
// difference is what mapping costs: expanding the array, an instance object and a task-instance
// report per item, and the results array.
import { AsyncExecutor } from '../src/engine/execute/AsyncExecutor.ts';
import type { Executor } from '../src/engine/execute/Executor.ts';
import { ThreadedExecutor } from '../src/engine/execute/ThreadedExecutor.ts';
import { Task } from '../src/engine/model/Task.ts';
import { Workflow } from '../src/engine/model/Workflow.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const N = 10_000;
const ROUNDS = 5;
const WORKERS = 2;
const NOOP = 'return null;';

function mapped(): Workflow {
  const wf = new Workflow('mapped-noop', { maxMapInstances: N });
  wf.addTask(new Task('items', `return Array.from({ length: ${N} }, (_, i) => i);`));
  wf.addTask(new Task('noop', NOOP, { mapOver: 'items' }), { dependsOn: ['items'] });
  return wf;
}

function plain(): Workflow {
  const wf = new Workflow('plain-noop');
  for (let i = 0; i < N; i++) wf.addTask(new Task(`noop${i}`, NOOP));
  return wf;
}

const executors: Record<string, () => Executor> = {
  async: () => new AsyncExecutor(),
  threaded: () => new ThreadedExecutor({ maxWorkers: WORKERS }),
};
const shapes = { mapped, plain } as const;
type Shape = keyof typeof shapes;

/** Median ms per (executor, shape), every case in every round, the order rotating. */
async function measure(): Promise<Record<string, number>> {
  const cases = Object.keys(executors).flatMap((e) =>
    (Object.keys(shapes) as Shape[]).map((s) => ({ key: `${e}.${s}`, e, s })),
  );
  const times: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.key, []]));
  const kept = new Map<string, Executor>();
  // Built once: the plan of 10,000 tasks is cached by the workflow, as for a user's repeated runs.
  const built = { mapped: mapped(), plain: plain() };
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (let k = 0; k < cases.length; k++) {
      const { key, e, s } = cases[(k + r) % cases.length]!;
      const executor = kept.get(e) ?? executors[e]!();
      kept.set(e, executor);
      const t0 = performance.now();
      const result = await built[s].execute(executor);
      const took = performance.now() - t0;
      if (result.status !== 'completed') throw new Error(`${key}: ${result.status}`);
      if (s === 'mapped' && (result.tasks.noop!.result as unknown[]).length !== N)
        throw new Error(`${key}: results`);
      if (r > 0) times[key]!.push(took); // round 0 warms the process and the workers
    }
  }
  for (const executor of kept.values()) await executor.dispose?.();
  return Object.fromEntries(cases.map((c) => [c.key, median(times[c.key]!)]));
}

const ms = await measure();
const metrics: BenchMetric[] = [];
for (const e of Object.keys(executors)) {
  const label = e === 'async' ? 'AsyncExecutor' : `ThreadedExecutor, ${WORKERS} workers`;
  const perS = (key: string) => (N * 1000) / ms[key]!;
  const mappedPerS = perS(`${e}.mapped`);
  const plainPerS = perS(`${e}.plain`);
  metrics.push(
    {
      name: `mapping.instances_per_s.${e}`,
      value: mappedPerS,
      unit: 'tasks/s',
      note: `${label}: ${N.toLocaleString('en-US')} instances of a no-op code task mapped over one array (${ms[`${e}.mapped`]!.toFixed(0)} ms a run, the upstream included); median of ${ROUNDS}, warm`,
    },
    {
      name: `mapping.plain_tasks_per_s.${e}`,
      value: plainPerS,
      unit: 'tasks/s',
      note: `${label}: ${N.toLocaleString('en-US')} independent no-op code tasks, same rounds (${ms[`${e}.plain`]!.toFixed(0)} ms a run)`,
    },
    {
      name: `mapping.mapped_vs_plain.${e}`,
      value: mappedPerS / plainPerS,
      unit: '×',
      goal: '≥ 0.8',
      met: mappedPerS / plainPerS >= 0.8,
      note: 'instances/s ÷ plain tasks/s, measured side by side',
    },
  );
}
writeBenchResults('mapping', metrics, { items: N, rounds: ROUNDS });
