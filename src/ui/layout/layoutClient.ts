// Main-thread side of the layout worker: one lazy worker, promise per request.
import type { LayoutRequest, LayoutResponse } from './layoutProtocol.ts';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (r: LayoutResponse) => void>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./elkLayout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      pending.get(event.data.id)?.(event.data);
      pending.delete(event.data.id);
    };
  }
  return worker;
}

/** Positions (top-left corners) for the given nodes, computed by elk in a worker. */
export function layoutInWorker(
  request: Omit<LayoutRequest, 'id'>,
): Promise<Record<string, { x: number; y: number }>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.ok ? resolve(r.positions) : reject(new Error(r.error))));
    getWorker().postMessage({ ...request, id } satisfies LayoutRequest);
  });
}
