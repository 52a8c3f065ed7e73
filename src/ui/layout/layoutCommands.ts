// Auto layout: the whole graph, or only the selection (kept where it was on the canvas).
import { setPositions } from '../document/docOps.ts';
import { selectedNames } from '../commands/selectionCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { layoutInWorker } from './layoutClient.ts';

const DEFAULT_SIZE = { width: 180, height: 56 };

/**
 * Lays out the selection when two or more tasks are selected, else the whole graph and frames it.
 * Undoable; a layout that moves nothing adds no undo step.
 */
export async function autoLayout(): Promise<void> {
  const state = useAppStore.getState();
  if (state.layoutBusy) return;
  const doc = state.document;
  const selected = selectedNames();
  const scope = selected.size >= 2 ? selected : new Set(doc.tasks.map((t) => t.name));
  const nodes = state.nodes
    .filter((n) => scope.has(n.id))
    .map((n) => ({
      id: n.id,
      width: n.measured?.width ?? DEFAULT_SIZE.width,
      height: n.measured?.height ?? DEFAULT_SIZE.height,
    }));
  const edges = state.edges
    .filter((e) => scope.has(e.source) && scope.has(e.target))
    .map((e) => ({ source: e.source, target: e.target }));
  if (nodes.length === 0) return;
  useAppStore.setState({ layoutBusy: true });
  try {
    const { positions, method, reason } = await layoutInWorker({
      direction: state.layoutDirection,
      nodes,
      edges,
    });
    const current = useAppStore.getState();
    if (current.document.id !== doc.id) return;
    // A partial layout keeps the selection's top-left corner where it was.
    const origin =
      scope.size < doc.tasks.length
        ? topLeft(current.nodes.filter((n) => scope.has(n.id)))
        : { x: 0, y: 0 };
    const moved = new Map(
      [...positions].map(([name, p]) => [
        name,
        { x: Math.round(p.x + origin.x), y: Math.round(p.y + origin.y) },
      ]),
    );
    current.commit(setPositions(current.document, moved));
    // The whole graph was laid out: frame it (the canvas fits once the new positions are drawn).
    if (scope.size === doc.tasks.length) {
      useAppStore.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
    }
    if (method === 'layered' && reason) {
      current.showToast({ kind: 'info', message: `Used the fast layered layout: ${reason}.` });
    }
  } catch (error) {
    useAppStore
      .getState()
      .showToast({ kind: 'error', message: `Auto layout failed: ${String(error)}` });
  } finally {
    useAppStore.setState({ layoutBusy: false });
  }
}

function topLeft(nodes: readonly { position: { x: number; y: number } }[]): {
  x: number;
  y: number;
} {
  let x = Infinity;
  let y = Infinity;
  for (const n of nodes) {
    x = Math.min(x, n.position.x);
    y = Math.min(y, n.position.y);
  }
  return Number.isFinite(x) ? { x, y } : { x: 0, y: 0 };
}
