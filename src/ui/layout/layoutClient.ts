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

export type LayoutResult = Extract<LayoutResponse, { ok: true }>;

/** Positions (top-left corners) for the given nodes, computed in a worker (ELK, or the fast layout). */
export function layoutInWorker(request: Omit<LayoutRequest, 'id'>): Promise<LayoutResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.ok ? resolve(r) : reject(new Error(r.error))));
    getWorker().postMessage({ ...request, id } satisfies LayoutRequest);
  });
}
