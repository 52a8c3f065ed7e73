// What the run worker and the task sandbox page (public/sandbox.html) say on a control port. The
// page is plain JavaScript; these types are the run worker's view of it.

/** Run worker → sandbox page. */
export type SandboxControlRequest =
  | { type: 'spawn'; id: number; concurrency: number }
  | { type: 'terminate'; id: number }
  | { type: 'close' };

/** Sandbox page → run worker. `alive` comes every 500 ms while the sandbox's process lives. */
export type SandboxControlEvent =
  | { type: 'alive' }
  | { type: 'spawned'; id: number; port: MessagePort }
  | { type: 'exit'; id: number; message: string };

/** The sandbox a run uses: its id (one per workflow and network policy) and a control port. */
export interface SandboxHandle {
  id: string;
  port: MessagePort;
}

/**
 * Gives back a control port that is not needed (a connection to the same sandbox already exists):
 * the sandbox page stops serving it (its heartbeat on that port ends), then the port closes.
 */
export function releaseSandboxPort(port: MessagePort): void {
  const close: SandboxControlRequest = { type: 'close' };
  port.postMessage(close);
  port.close();
}
