// Connect-time cycle check, phrased for people. Pure.
import { buildGraph, wouldCreateCycle, type WorkflowDocument } from '../../engine/index.ts';

/**
 * `null` when `upstream → downstream` keeps the graph acyclic, else a message such as
 * `c → a would close a → b → c → a`.
 */
export function cycleMessage(
  doc: WorkflowDocument,
  upstream: string,
  downstream: string,
): string | null {
  const graph = buildGraph(doc.tasks);
  const from = graph.index.get(upstream);
  const to = graph.index.get(downstream);
  if (from === undefined || to === undefined) return null;
  const loop = wouldCreateCycle(graph, from, to);
  if (!loop) return null;
  return `${upstream} → ${downstream} would close ${[...loop.slice(1), downstream].join(' → ')}`;
}
