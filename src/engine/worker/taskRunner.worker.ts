// Browser entry of the task-runner worker (a module Web Worker bundled by Vite). Its first message
// carries the port it speaks on (TaskWorkerConnect); see workerApi.ts.
import { serveTaskRuntime, type ServedRuntime } from './workerApi.ts';
import type { EngineHostMessage, TaskWorkerConnect } from './protocol.ts';

declare const self: {
  addEventListener(
    type: string,
    listener: (event: {
      data?: unknown;
      error?: unknown;
      reason?: unknown;
      message?: string;
    }) => void,
  ): void;
  onmessage: ((event: { data: unknown }) => void) | null;
};

let served: ServedRuntime | undefined;

self.onmessage = (event) => {
  const connect = event.data as TaskWorkerConnect | null;
  if (connect?.type !== 'connect' || served) return;
  self.onmessage = null;
  const port = connect.port;
  served = serveTaskRuntime(
    (message, transfer) => port.postMessage(message, transfer),
    connect.concurrency,
    connect.reportAwaiting === true,
    connect.taken,
  );
  const runtime = served;
  port.onmessage = (message: MessageEvent<EngineHostMessage>) => runtime.receive(message.data);
};

// An uncaught error fails the attempt that was running; the host then replaces this worker.
const crash = (error: unknown): void => served?.crash(error);
self.addEventListener('error', (event) =>
  crash(event.error ?? new Error(event.message ?? 'Uncaught error')),
);
self.addEventListener('unhandledrejection', (event) => crash(event.reason));
