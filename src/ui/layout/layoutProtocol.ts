// Messages between the layout client and the elk worker.

export interface LayoutRequest {
  id: number;
  direction: 'TD' | 'LR';
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

export type LayoutResponse =
  | { id: number; ok: true; positions: Record<string, { x: number; y: number }> }
  | { id: number; ok: false; error: string };
