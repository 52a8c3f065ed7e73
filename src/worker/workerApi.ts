// The API object a task-runner worker exposes through comlink; shared by the browser and Node entries.
import { transfer, type Remote } from 'comlink';
import { TaskRuntime } from './runtime.ts';
import type { AttemptMessage, HostSink, WorkerApi } from './protocol.ts';
import type { SerializedError } from '../engine/model/types.ts';

/** The worker API plus the crash hook that the entry wires to the global error events. */
export interface WorkerApiHandle {
  api: WorkerApi;
  /** Reports an uncaught error (blaming the running attempt) and everything not yet reported. */
  crash(error: unknown): void;
}

/**
 * Builds the worker API. `connectPort` wraps the report channel's port for comlink (the Node entry
 * adapts worker_threads ports; the browser entry uses the port as is).
 */
export function createWorkerApi(
  connectPort: (port: MessagePort) => Remote<HostSink>,
): WorkerApiHandle {
  let sink: Remote<HostSink> | undefined;
  const runtime = new TaskRuntime((report, buffers) => {
    // Fire and forget: the host's acknowledgement carries nothing.
    void sink?.report(transfer(report, buffers));
  });
  const api: WorkerApi = {
    connect(port: MessagePort): string {
      sink = connectPort(port);
      return 'ready';
    },
    run(batch: AttemptMessage[]): void {
      runtime.enqueue(batch);
    },
    abort(ids: number[], reason: SerializedError): void {
      runtime.abort(ids, reason);
    },
  };
  return { api, crash: (error) => runtime.crash(error) };
}
