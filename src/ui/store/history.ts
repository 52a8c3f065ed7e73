// Undo/redo policy: what enters history (the document only) and how typing bursts coalesce.
import type { StoreApi } from 'zustand';
import type { WorkflowDocument } from '../../engine/index.ts';

/** The part of the state that history keeps: the document, never selection or drag state. */
export interface HistoryState {
  document: WorkflowDocument;
}

const COALESCE_MS = 1200;
let pendingKey: string | null = null;
let lastKey: string | null = null;
let lastAt = 0;

/**
 * Marks the next document change as part of a burst (typing in one field): changes with the
 * same key within a short while share one history entry.
 */
export function coalesceNext(key: string): void {
  pendingKey = key;
}

/** Ends any burst, so the next edit starts a new history entry. */
export function breakCoalescing(): void {
  lastKey = null;
}

type HandleSet = (
  pastState: Parameters<StoreApi<HistoryState>['setState']>[0],
  replace: Parameters<StoreApi<HistoryState>['setState']>[1],
  currentState: HistoryState,
  deltaState?: Partial<HistoryState> | null,
) => void;

/** zundo `handleSet`: records a past state unless it continues the current burst. */
export function coalescingHandleSet(record: StoreApi<HistoryState>['setState']): HandleSet {
  return (pastState, replace) => {
    const key = pendingKey;
    pendingKey = null;
    const now = Date.now();
    const continues = key !== null && key === lastKey && now - lastAt < COALESCE_MS;
    lastKey = key;
    lastAt = now;
    if (!continues)
      (record as (s: typeof pastState, r: typeof replace) => void)(pastState, replace);
  };
}
