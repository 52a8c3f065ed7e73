// Messages between the layout client and the elk worker.

export interface LayoutRequest {
  id: number;
  direction: 'TD' | 'LR';
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

/**
 * Largest graph laid out with ELK (under a second there); bigger ones get the fast layered layout,
 * which has as few crossings at a fraction of the time (bench/RESULTS.md, `layout.*`).
 */
export const ELK_MAX_NODES = 300;

export type LayoutResponse =
  | {
      id: number;
      ok: true;
      /** Top-left corners by task name (a Map: a name such as `__proto__` is a key like any other). */
      positions: Map<string, { x: number; y: number }>;
      /** `elk`, or `layered` (the fast layout: for big graphs, or with the reason ELK failed). */
      method: 'elk' | 'layered';
      reason?: string;
    }
  | { id: number; ok: false; error: string };
