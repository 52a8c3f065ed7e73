import { temporal } from 'zundo';
import { create } from 'zustand';
import { useStore } from 'zustand';
import type { TemporalState } from 'zundo';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { withEstimatesFor } from '../canvas/documentToFlow.ts';
import { syncView } from '../canvas/syncView.ts';
import { createFlowSlice, takeViewHint, type FlowSlice } from './flowSlice.ts';
import { coalescingHandleSet, type HistoryState } from './history.ts';
import { keepPreferences } from './preferences.ts';
import { createRunSlice, type RunSlice } from './runSlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';

/** The whole app state: one store, composed of slices. */
export type AppState = FlowSlice & UiSlice & RunSlice;

export const useAppStore = create<AppState>()(
  temporal(
    (...a) => ({
      ...createFlowSlice(etlPipeline)(...a),
      ...createUiSlice(...a),
      ...createRunSlice(...a),
    }),
    {
      partialize: (s): HistoryState => ({ document: s.document }),
      equality: (a, b) => a.document === b.document,
      limit: 200,
      handleSet: coalescingHandleSet as never,
    },
  ),
);

// The view follows the document (edits, undo, redo, loads) in the same tick, before React renders.
useAppStore.subscribe((state, prev) => {
  if (state.document === prev.document) return;
  const hint = takeViewHint();
  // Another workflow starts from a fresh view: nothing of the graph before (positions, sizes,
  // selection of tasks and edges with the same names) carries over.
  const same = state.document.id === prev.document.id;
  const direction = state.layoutDirection;
  const view = same
    ? syncView(state.document, state.nodes, state.edges, hint.renames, direction)
    : syncView(state.document, [], [], undefined, direction);
  if (hint.select) {
    const keep = new Set(hint.select);
    view.nodes = view.nodes.map((n) =>
      Boolean(n.selected) === keep.has(n.id) ? n : { ...n, selected: keep.has(n.id) },
    );
    view.edges = view.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
  }
  useAppStore.setState(view);
});

// Nodes not drawn yet estimate their handles on the sides the layout direction uses (the canvas
// measures drawn ones again when it changes: FlowCanvas).
useAppStore.subscribe((state, prev) => {
  if (state.layoutDirection === prev.layoutDirection) return;
  const nodes = withEstimatesFor(state.nodes, state.layoutDirection);
  if (nodes !== state.nodes) useAppStore.setState({ nodes });
});

keepPreferences(useAppStore);

/** Reads undo/redo state reactively. */
export function useHistory<T>(selector: (s: TemporalState<HistoryState>) => T): T {
  return useStore(useAppStore.temporal, selector);
}
