// Node entry of the task-runner worker (worker_threads, comlink's node adapter).
import { parentPort } from 'node:worker_threads';
import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import { expose, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerApi } from './workerApi.ts';
import type { HostSink } from './protocol.ts';

if (!parentPort) throw new Error('taskRunner.node must run in a worker thread');

const { api, crash } = createWorkerApi((port) =>
  wrap<HostSink>(nodeEndpoint(port as unknown as NodeMessagePort)),
);

// Keep the thread alive long enough for the crash report; the host terminates it right after.
const reportCrash = (error: unknown): void => {
  crash(error);
  setTimeout(() => process.exit(1), 1000).unref();
};
process.on('uncaughtException', reportCrash);
process.on('unhandledRejection', reportCrash);

expose(api, nodeEndpoint(parentPort));
