// Builds what the standalone viewer shows for a workflow: pure, never touches I/O, the DOM or mermaid.
import { collapseByLayer } from './collapseByLayer.ts';
import { buildMermaidDiagram, type MermaidExportOptions } from './exportMermaid.ts';
import type { MermaidViewPayload } from './mermaidFragment.ts';
import { mermaidRenderPlan } from './mermaidLimits.ts';
import { mermaidNodeId } from './mermaidIds.ts';
import { resolveDescriptions, type MermaidInput } from './mermaidSource.ts';

/**
 * The viewer payload of a workflow: its full diagram with task descriptions as node tooltips,
 * or, past `MERMAID_RENDER_THRESHOLDS`, the `collapseByLayer` view with a notice saying why.
 * The title (default: the workflow's name) is shown by the page, not written into the text.
 */
export function buildMermaidViewPayload(
  source: MermaidInput,
  options: MermaidExportOptions = {},
): MermaidViewPayload {
  const { title = source.name, ...exportOptions } = options;
  const diagram = buildMermaidDiagram(source, exportOptions);
  const plan = mermaidRenderPlan(diagram.text, diagram.edgeCount, diagram.nodeCount);
  const base = { title, nodeCount: diagram.nodeCount, edgeCount: diagram.edgeCount };
  if (plan.action === 'collapse') {
    const text = collapseByLayer(source, options.statuses, undefined, {
      ...(options.orientation !== undefined ? { orientation: options.orientation } : {}),
    });
    return { ...base, text, ...(plan.messages[0] ? { notice: plan.messages[0] } : {}) };
  }
  const descriptions: Record<string, string> = {};
  resolveDescriptions(source).forEach((text, i) => {
    if (text) descriptions[mermaidNodeId(i)] = text;
  });
  return { ...base, text: diagram.text, descriptions };
}
