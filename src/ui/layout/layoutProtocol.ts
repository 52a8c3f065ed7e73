// Messages between the layout client and the elk worker.

export interface LayoutRequest {
  id: number;
  direction: 'TD' | 'LR';
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

/** Largest graph laid out with ELK; bigger ones get the fast layered layout. */
export const ELK_MAX_NODES = 3_000;

export type LayoutResponse =
  | {
      id: number;
      ok: true;
      /** Top-left corners by task name (a Map: a name such as `__proto__` is a key like any other). */
      positions: Map<string, { x: number; y: number }>;
      /** `elk`, or `layered` (the fast fallback) with the reason. */
      method: 'elk' | 'layered';
      reason?: string;
    }
  | { id: number; ok: false; error: string };
