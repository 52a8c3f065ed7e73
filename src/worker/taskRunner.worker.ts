// Browser entry of the task-runner worker (a module Web Worker bundled by Vite).
import { expose, wrap } from 'comlink';
import { createWorkerApi } from './workerApi.ts';
import type { HostSink } from './protocol.ts';

declare const self: {
  addEventListener(
    type: string,
    listener: (event: { error?: unknown; reason?: unknown; message?: string }) => void,
  ): void;
  close(): void;
};

const { api, crash } = createWorkerApi((port) => wrap<HostSink>(port));

// An uncaught error fails the attempt that was running; the host then replaces this worker.
self.addEventListener('error', (event) =>
  crash(event.error ?? new Error(event.message ?? 'Uncaught error')),
);
self.addEventListener('unhandledrejection', (event) => crash(event.reason));

expose(api, self as unknown as Parameters<typeof expose>[1]);
