// What the standalone viewer receives for a workflow, and what it draws from that: pure, never
// touches I/O, the DOM or mermaid.
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from '../model/document.ts';
import { TaskStatus } from '../model/status.ts';
import type { TaskDocument, WorkflowDocument } from '../model/types.ts';
import { collapseByLayer } from './collapseByLayer.ts';
import {
  buildMermaidDiagram,
  normalizeOrientation,
  type MermaidExportOptions,
} from './exportMermaid.ts';
import {
  MERMAID_VIEW_FORMAT,
  MERMAID_VIEW_VERSION,
  type MermaidViewPayload,
} from './mermaidFragment.ts';
import { mermaidNodeId } from './mermaidIds.ts';
import {
  checkMermaidLimits,
  countMermaidEdges,
  mermaidRenderPlan,
  type MermaidLimits,
} from './mermaidLimits.ts';
import {
  flattenSource,
  resolveDescriptions,
  resolveStatuses,
  type MermaidInput,
} from './mermaidSource.ts';

/**
 * The viewer payload of a workflow: its tasks' names, dependencies and descriptions (code and
 * options are left out: the viewer runs nothing and the link stays short), each task's status
 * (from `options.statuses`, else a live workflow's own), the orientation and the title.
 * @throws FlowWeaverError `E_MERMAID_ORIENTATION` for an unknown orientation.
 */
export function buildMermaidViewPayload(
  source: MermaidInput,
  options: MermaidExportOptions = {},
): MermaidViewPayload {
  const orientation = normalizeOrientation(options.orientation ?? 'TD');
  const graph = flattenSource(source);
  const descriptions = resolveDescriptions(source);
  const tasks = graph.names.map((name, i): TaskDocument => {
    const task: TaskDocument = { name, code: '', dependsOn: [...graph.deps[i]!] };
    const description = descriptions[i];
    if (description) task.description = description;
    return task;
  });
  const document: WorkflowDocument = {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    id: 'view',
    name: source.name,
    tasks,
  };
  const payload: MermaidViewPayload = {
    format: MERMAID_VIEW_FORMAT,
    version: MERMAID_VIEW_VERSION,
    document,
  };
  const statuses = resolveStatuses(source, options.statuses);
  if (statuses.some((s) => s !== TaskStatus.Pending)) payload.statuses = statuses;
  if (orientation !== 'TD') payload.orientation = orientation;
  if (options.title !== undefined && options.title !== source.name) payload.title = options.title;
  return payload;
}

/** What the viewer draws for a payload. */
export interface MermaidView {
  title: string;
  /** Mermaid text generated here by `exportMermaid` (or `collapseByLayer`), never taken from a link. */
  text: string;
  /** Tooltip text by node id (`t0` …), from task descriptions. */
  descriptions: Record<string, string>;
  /** Sentences to show above the diagram (why it was collapsed, the workflow's problems). */
  notices: string[];
  nodeCount: number;
  edgeCount: number;
  /** The limits to pass to `mermaid.initialize` for this text. */
  limits: MermaidLimits;
}

/**
 * Generates the diagram of a checked payload (see `parseMermaidViewPayload`): the full
 * `exportMermaid` text with descriptions as tooltips, or, past `MERMAID_RENDER_THRESHOLDS`, the
 * `collapseByLayer` view with a notice saying why. `problems` are shown as a notice.
 */
export function buildMermaidView(
  payload: MermaidViewPayload,
  problems: readonly string[] = [],
): MermaidView {
  const doc = payload.document;
  const statuses = new Map<string, TaskStatus>();
  payload.statuses?.forEach((status, i) => {
    const name = doc.tasks[i]?.name;
    if (name !== undefined && !statuses.has(name)) statuses.set(name, status);
  });
  const orientation = payload.orientation ?? 'TD';
  const diagram = buildMermaidDiagram(doc, { orientation, statuses });
  const plan = mermaidRenderPlan(diagram.text, diagram.edgeCount, diagram.nodeCount);
  const notices: string[] = [];
  if (plan.action === 'collapse' && plan.messages[0]) notices.push(plan.messages[0]);
  if (problems.length > 0) {
    notices.push(`This workflow has problems: ${problems.join(' ')}`);
  }
  let text = diagram.text;
  const descriptions: Record<string, string> = {};
  if (plan.action === 'collapse') {
    text = collapseByLayer(doc, statuses, undefined, { orientation });
  } else {
    resolveDescriptions(doc).forEach((description, i) => {
      if (description) descriptions[mermaidNodeId(i)] = description;
    });
  }
  return {
    title: payload.title ?? doc.name,
    text,
    descriptions,
    notices,
    nodeCount: diagram.nodeCount,
    edgeCount: diagram.edgeCount,
    limits: checkMermaidLimits(text, countMermaidEdges(text)).limits,
  };
}
