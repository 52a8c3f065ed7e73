import { useCallback } from 'react';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { taskRunStateOf } from '../store/runSlice.ts';

/**
 * True when nothing passed along an edge in the run shown: its upstream or its downstream task was
 * skipped (a branch not taken, a short circuit, `ctx.skip`, a trigger rule). Such edges are drawn
 * dashed, on the canvas and in its SVG export.
 */
export function edgeNotTaken(s: AppState, source: string, target: string): boolean {
  return (
    taskRunStateOf(s, source)?.status === 'skipped' ||
    taskRunStateOf(s, target)?.status === 'skipped'
  );
}

/** `edgeNotTaken` for one edge; one selector per edge, so only edges whose answer changes re-render. */
export function useEdgeNotTaken(source: string, target: string): boolean {
  return useAppStore(
    useCallback((s: AppState) => edgeNotTaken(s, source, target), [source, target]),
  );
}
