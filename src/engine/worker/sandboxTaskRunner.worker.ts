// Entry of the app's sandboxed task worker: a classic script started from a blob URL inside the
// opaque-origin sandbox page (public/sandbox.html). It receives its port in the first message and
// from then on speaks only the plain SandboxHostMessage / SandboxWorkerMessage protocol on it.
import { TaskRuntime } from './runtime.ts';
import type {
  SandboxConnectMessage,
  SandboxHostMessage,
  SandboxWorkerMessage,
} from './protocol.ts';
import { reportSender } from './reportSender.ts';

declare const self: {
  addEventListener(type: string, listener: (event: MessageEvent & ErrorEventLike) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
};
interface ErrorEventLike {
  error?: unknown;
  reason?: unknown;
  message: string;
  preventDefault(): void;
}

/** `fetch('/data.json')` means the app's address, as in the page, not the worker's blob URL. */
function resolveRelativeFetches(base: string): void {
  const original = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    original(typeof input === 'string' ? new URL(input, base).href : input, init);
}

function start(port: MessagePort, connect: SandboxConnectMessage): void {
  if (typeof connect.base === 'string' && typeof globalThis.fetch === 'function')
    resolveRelativeFetches(connect.base);
  // Captured now: task code that later patches MessagePort.prototype cannot reroute reports.
  const post = MessagePort.prototype.postMessage.bind(port) as (
    message: SandboxWorkerMessage,
    transfer?: Transferable[],
  ) => void;
  const runtime = new TaskRuntime(reportSender(post), { concurrency: connect.concurrency });
  port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
    const message = event.data;
    if (message.type === 'run') runtime.enqueue(message.batch);
    else if (message.type === 'abort') runtime.abort(message.ids, message.reason);
  };
  // An uncaught error fails the attempt that was running; the run worker then replaces this worker.
  self.addEventListener('error', (event) => {
    event.preventDefault();
    runtime.crash(event.error ?? new Error(event.message || 'Uncaught error'));
  });
  self.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    runtime.crash(event.reason);
  });
  post({ type: 'ready' });
}

const onConnect = (event: MessageEvent<SandboxConnectMessage>): void => {
  const port = event.ports[0];
  if (event.data?.type !== 'connect' || !port) return;
  self.removeEventListener('message', onConnect);
  start(port, event.data);
};
self.addEventListener('message', onConnect);
