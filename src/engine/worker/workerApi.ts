// The engine's task-runner worker behind its port, shared by the browser and Node entries: plain
// messages in (run, abort), plain reports out, no RPC layer (see TaskWorkerConnect); batches and
// reports of results only as flat arrays (engine/execute/taskWire.ts).
import { decodeRun, encodeResults, type WireRun } from '../execute/taskWire.ts';
import { TaskRuntime } from './runtime.ts';
import type { EngineHostMessage, EngineWorkerMessage } from './protocol.ts';

/** Posts a message on the worker's port, moving `transfer` rather than copying it. */
export type PostToHost = (message: EngineWorkerMessage, transfer: ArrayBuffer[]) => void;

/** A runtime serving one port: feed it what arrives, wire `crash` to the global error events. */
export interface ServedRuntime {
  receive(message: EngineHostMessage): void;
  /** Reports an uncaught error (blaming the running attempt) and everything not yet reported. */
  crash(error: unknown): void;
}

/** Starts the runtime on a connected port and says `ready` to the host. */
export function serveTaskRuntime(
  post: PostToHost,
  concurrency = 1,
  reportAwaiting = false,
  taken?: SharedArrayBuffer,
): ServedRuntime {
  // Results alone go as a flat array (taskWire.ts); logs, errors, starts and crashes as objects.
  const runtime = new TaskRuntime(
    (report, buffers) => post(encodeResults(report) ?? { type: 'report', report }, buffers),
    { concurrency, reportAwaiting, ...(taken ? { taken: new Int32Array(taken) } : {}) },
  );
  post({ type: 'ready' }, []);
  return {
    receive(message) {
      if (Array.isArray(message)) runtime.enqueue(decodeRun(message as WireRun));
      else if (message.type === 'run') runtime.enqueue(message.batch);
      else if (message.type === 'abort') runtime.abort(message.ids, message.reason);
    },
    crash: (error) => runtime.crash(error),
  };
}
