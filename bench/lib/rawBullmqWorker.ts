// The raw-BullMQ peer of bench/distributed.bench.ts: a worker process with BullMQ's own Worker and
// a no-op processor, nothing of FlowWeaver's. Usage: tsx rawBullmqWorker.ts <redisUrl> <queue> <concurrency>
import { Worker } from 'bullmq';

const [url, queue, concurrency] = process.argv.slice(2);
const { hostname, port } = new URL(url!);
const worker = new Worker(queue!, async () => ({ ok: true, value: null }), {
  connection: { host: hostname, port: Number(port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
  drainDelay: 1,
});
await worker.waitUntilReady();
process.stderr.write('raw worker ready\n');
const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
