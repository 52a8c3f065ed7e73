// Runs the auto layout (computeLayout.ts: elkjs's layered layout, or the fast layered layout for
// graphs beyond it) off the main thread, so big graphs never freeze the tab.
import ELK from 'elkjs/lib/elk.bundled.js';
import { computeLayout } from './computeLayout.ts';
import type { LayoutRequest, LayoutResponse } from './layoutProtocol.ts';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, ...request } = event.data;
  try {
    postMessage({ id, ok: true, ...(await computeLayout(elk, request)) } satisfies LayoutResponse);
  } catch (error) {
    postMessage({ id, ok: false, error: String(error) } satisfies LayoutResponse);
  }
};
