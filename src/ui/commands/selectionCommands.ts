// Selection helpers: read the selection, grow it along the graph.
import { buildGraph, downstreamClosure, upstreamClosure } from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';

/** Names of the selected tasks. */
export function selectedNames(): Set<string> {
  return new Set(
    useAppStore
      .getState()
      .nodes.filter((n) => n.selected)
      .map((n) => n.id),
  );
}

/** Adds everything upstream (or downstream) of the selection to it. */
export function extendSelection(direction: 'upstream' | 'downstream'): void {
  const { document: doc, setSelection } = useAppStore.getState();
  const selected = selectedNames();
  if (selected.size === 0) return;
  const graph = buildGraph(doc.tasks);
  const seeds = [...selected].flatMap((n) => {
    const i = graph.index.get(n);
    return i === undefined ? [] : [i];
  });
  const more =
    direction === 'upstream' ? upstreamClosure(graph, seeds) : downstreamClosure(graph, seeds);
  for (const i of more) selected.add(graph.names[i]!);
  setSelection(selected);
}

export function selectAll(): void {
  const { document: doc, setSelection } = useAppStore.getState();
  setSelection(new Set(doc.tasks.map((t) => t.name)));
}

export function clearSelection(): void {
  useAppStore.getState().setSelection(new Set());
}
