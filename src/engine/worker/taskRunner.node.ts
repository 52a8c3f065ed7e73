// Node entry of the task-runner worker (worker_threads). Its first message carries the port it
// speaks on (TaskWorkerConnect); see workerApi.ts.
import { parentPort } from 'node:worker_threads';
import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import { serveTaskRuntime, type ServedRuntime } from './workerApi.ts';
import type { EngineHostMessage, TaskWorkerConnect } from './protocol.ts';

if (!parentPort) throw new Error('taskRunner.node must run in a worker thread');

let served: ServedRuntime | undefined;

parentPort.once('message', (connect: TaskWorkerConnect) => {
  const port = connect.port as unknown as NodeMessagePort;
  served = serveTaskRuntime(
    (message, transfer) => port.postMessage(message, transfer),
    connect.concurrency,
    connect.reportAwaiting === true,
    connect.taken,
  );
  const runtime = served;
  port.on('message', (message: EngineHostMessage) => runtime.receive(message));
});

// Keep the thread alive long enough for the crash report; the host terminates it right after.
const reportCrash = (error: unknown): void => {
  served?.crash(error);
  setTimeout(() => process.exit(1), 1000).unref();
};
process.on('uncaughtException', reportCrash);
process.on('unhandledRejection', reportCrash);
