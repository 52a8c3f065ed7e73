// DistributedExecutor figures (issue 19), with a private redis-server and real worker processes:
// no-op tasks/s through the distributed executor with 1 and 2 `flowweaver worker` processes, next
// to raw BullMQ job throughput (BullMQ's own Worker with a no-op processor, the same number of
// processes, concurrency and jobs in flight) measured in the same run; and the CPU-bound speed-up
// of 2 worker processes over 1. Rounds alternate between the contenders; medians are reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Workflow } from '../src/engine/index.ts';
import { Redis } from 'ioredis';
import { lastEventId } from '../src/engine/distributed/DistributedRunner.ts';
import { DistributedExecutor, startTestRedis } from '../src/engine/node.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'bin', 'flowweaver.mjs');
const NOOPS = 2_000;
const IN_FLIGHT = 256;
const CONCURRENCY = 4;
const ROUNDS = 3;
const CPU_TASKS = 12;

const redis = await startTestRedis();
const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
const children: ChildProcess[] = [];

/** Starts a process and resolves once it printed `ready` on stderr. */
function startProcess(command: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk) => {
      text += chunk;
      if (text.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${text}`)));
  });
}

const flowweaverWorkers = (queue: string, n: number, concurrency: number) =>
  Promise.all(
    Array.from({ length: n }, () =>
      startProcess(
        process.execPath,
        [
          BIN,
          'worker',
          '--redis',
          redis.url,
          '--queue',
          queue,
          '--concurrency',
          String(concurrency),
        ],
        'taking attempts',
      ),
    ),
  );

const rawWorkers = (queue: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, () =>
      startProcess(
        process.execPath,
        [
          '--import',
          'tsx',
          join(here, 'lib', 'rawBullmqWorker.ts'),
          redis.url,
          queue,
          String(CONCURRENCY),
        ],
        'raw worker ready',
      ),
    ),
  );

function noopWorkflow(): Workflow {
  return Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'noops',
    name: 'noops',
    tasks: Array.from({ length: NOOPS }, (_, i) => ({
      name: `t${i}`,
      code: 'return null;',
      dependsOn: [],
    })),
  });
}

/** No-op tasks per second through a DistributedExecutor on `queue`. */
async function distributedRate(queue: string): Promise<number> {
  const executor = new DistributedExecutor({ redisUrl: redis.url, queue, maxInFlight: IN_FLIGHT });
  const workflow = noopWorkflow();
  await executor.execute(noopWorkflow()); // connect and warm the workers' threads
  const t0 = performance.now();
  await executor.execute(workflow);
  const rate = NOOPS / ((performance.now() - t0) / 1000);
  await executor.dispose();
  return rate;
}

/** Raw BullMQ: NOOPS jobs, at most IN_FLIGHT outstanding, each added with Queue.add and its completion awaited. */
async function rawRate(queueName: string): Promise<number> {
  const queue = new Queue(queueName, { connection });
  const client = new Redis(connection);
  const events = new QueueEvents(queueName, {
    connection,
    lastEventId: await lastEventId(client, queueName),
  });
  client.disconnect();
  await events.waitUntilReady();
  const waiting = new Map<string, () => void>();
  events.on('completed', ({ jobId }) => waiting.get(jobId)?.());
  let round = 0;
  const once = async (): Promise<number> => {
    round++;
    const t0 = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < NOOPS) {
        const jobId = `r${round}.${next++}`;
        const done = new Promise<void>((resolve) => waiting.set(jobId, resolve));
        await queue.add('noop', { i: next }, { jobId, removeOnComplete: true, removeOnFail: true });
        await done;
        waiting.delete(jobId);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return NOOPS / ((performance.now() - t0) / 1000);
  };
  await once(); // warm
  const rate = await once();
  await Promise.all([queue.close(), events.close()]);
  return rate;
}

/** The CPU task's code for `iterations` loop turns (the same text runs here and in the workers). */
const cpuCode = (iterations: number) =>
  `let x = 0; for (let i = 0; i < ${iterations}; i++) x = (x + i * i) % 1000003; return x;`;

/** Loop turns that take about `ms` when the task's code is compiled as a code task is. */
function calibrate(ms: number): number {
  let iterations = 1e6;
  for (;;) {
    const run = new Function(cpuCode(iterations)) as () => number;
    const t0 = performance.now();
    run();
    const took = performance.now() - t0;
    if (took > 100) return Math.round((iterations * ms) / took);
    iterations *= 4;
  }
}

/** Wall time of CPU_TASKS independent CPU-bound code tasks on the workers of `queue`. */
async function cpuSeconds(queue: string, iterations: number): Promise<number> {
  const code = cpuCode(iterations);
  const workflow = Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'cpu',
    name: 'cpu',
    tasks: Array.from({ length: CPU_TASKS }, (_, i) => ({ name: `cpu${i}`, code, dependsOn: [] })),
  });
  const executor = new DistributedExecutor({ redisUrl: redis.url, queue });
  await executor.execute(workflow); // warm
  const t0 = performance.now();
  await executor.execute(workflow);
  const seconds = (performance.now() - t0) / 1000;
  await executor.dispose();
  return seconds;
}

try {
  await flowweaverWorkers('fw-1', 1, CONCURRENCY);
  await flowweaverWorkers('fw-2', 2, CONCURRENCY);
  await rawWorkers('raw-1', 1);
  await rawWorkers('raw-2', 2);
  const rates: Record<string, number[]> = { fw1: [], fw2: [], raw1: [], raw2: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.raw1!.push(await rawRate('raw-1'));
    rates.fw1!.push(await distributedRate('fw-1'));
    rates.raw2!.push(await rawRate('raw-2'));
    rates.fw2!.push(await distributedRate('fw-2'));
  }
  await flowweaverWorkers('cpu-1', 1, 1);
  await flowweaverWorkers('cpu-2', 2, 1);
  const iterations = calibrate(400);
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    one.push(await cpuSeconds('cpu-1', iterations));
    two.push(await cpuSeconds('cpu-2', iterations));
  }
  const [fw1, fw2, raw1, raw2] = [rates.fw1!, rates.fw2!, rates.raw1!, rates.raw2!].map(median);
  const speedup = median(one) / median(two);
  const setup = `${NOOPS} independent no-op code tasks, ${IN_FLIGHT} in flight, worker concurrency ${CONCURRENCY}`;
  const metrics: BenchMetric[] = [
    { name: 'distributed.noop_tasks_per_s.1_worker', value: fw1!, unit: 'tasks/s', note: setup },
    {
      name: 'distributed.raw_bullmq_jobs_per_s.1_worker',
      value: raw1!,
      unit: 'jobs/s',
      note: 'BullMQ Worker, no-op processor, same jobs in flight',
    },
    {
      name: 'distributed.vs_raw_bullmq.1_worker',
      value: fw1! / raw1!,
      unit: '×',
      goal: '≥ 0.7',
      met: fw1! / raw1! >= 0.7,
      note: 'each attempt also crosses to a worker thread and back (raw runs its no-op on the main thread) and the scheduler, events and state run on the coordinator',
    },
    { name: 'distributed.noop_tasks_per_s.2_workers', value: fw2!, unit: 'tasks/s', note: setup },
    { name: 'distributed.raw_bullmq_jobs_per_s.2_workers', value: raw2!, unit: 'jobs/s' },
    {
      name: 'distributed.vs_raw_bullmq.2_workers',
      value: fw2! / raw2!,
      unit: '×',
      goal: '≥ 0.7',
      met: fw2! / raw2! >= 0.7,
    },
    {
      name: 'distributed.cpu_s.1_worker',
      value: median(one),
      unit: 's',
      note: `${CPU_TASKS} tasks of ~400 ms CPU, worker concurrency 1`,
    },
    { name: 'distributed.cpu_s.2_workers', value: median(two), unit: 's' },
    {
      name: 'distributed.cpu_speedup.2_workers',
      value: speedup,
      unit: '×',
      goal: '≥ 1.8',
      met: speedup >= 1.8,
      note: "2 worker processes over 1, on this machine's cores (shared: see loadAvg1m)",
    },
  ];
  writeBenchResults('distributed', metrics);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await redis.stop();
}
