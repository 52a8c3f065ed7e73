// A small "one node per layer" Mermaid view of a big DAG: pure, O(V + E), no I/O, DOM or mermaid.
import { TASK_STATUSES, TaskStatus } from '../model/status.ts';
import { normalizeOrientation } from './exportMermaid.ts';
import { escapeMermaidLabel } from './mermaidIds.ts';
import {
  flattenSource,
  resolveStatuses,
  type MermaidInput,
  type MermaidStatuses,
} from './mermaidSource.ts';
import { MERMAID_CLASS_DEFS } from './mermaidStyles.ts';

/** Layers of task names, first layer first (e.g. `getExecutionPlan()` mapped to names). */
export type MermaidLayersFn = (source: MermaidInput) => readonly (readonly string[])[];

/** Options of `collapseByLayer`. */
export interface CollapseOptions {
  /** Graph direction; default `'TD'`. */
  orientation?: string;
  /** At most this many nodes: consecutive layers are merged into bands beyond it. Default 60. */
  maxNodes?: number;
}

/**
 * Longest-path layers by insertion index (Kahn's algorithm): a task sits one layer below its
 * deepest dependency. Tasks on a cycle (possible in an unvalidated document) are returned in
 * `cyclic` instead. Unknown dependency names are ignored.
 */
export function longestPathLayers(source: MermaidInput): { layers: number[][]; cyclic: number[] } {
  const g = flattenSource(source);
  const n = g.names.length;
  const indegree = new Int32Array(n);
  const level = new Int32Array(n);
  const downstream: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (const dep of g.deps[i]!) {
      const from = g.indexOf.get(dep);
      if (from === undefined) continue;
      downstream[from]!.push(i);
      indegree[i]!++;
    }
  }
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  const layers: number[][] = [];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    (layers[level[u]!] ??= []).push(u);
    for (const v of downstream[u]!) {
      if (level[u]! + 1 > level[v]!) level[v] = level[u]! + 1;
      if (--indegree[v]! === 0) queue.push(v);
    }
  }
  const cyclic: number[] = [];
  if (queue.length < n) for (let i = 0; i < n; i++) if (indegree[i]! > 0) cyclic.push(i);
  for (const layer of layers) layer.sort((a, b) => a - b);
  return { layers, cyclic };
}

// A band takes the colour of its most urgent status: trouble first, done last.
const BAND_PRIORITY: readonly TaskStatus[] = [
  TaskStatus.Failed,
  TaskStatus.Running,
  TaskStatus.Retrying,
  TaskStatus.Pending,
  TaskStatus.Cancelled,
  TaskStatus.Skipped,
  TaskStatus.Completed,
];

function bandLabel(title: string, counts: Map<TaskStatus, number>, total: number): string {
  const parts: string[] = [];
  for (const status of TASK_STATUSES) {
    const c = counts.get(status);
    if (c) parts.push(`${c} ${status}`);
  }
  return `${title} · ${total} task${total === 1 ? '' : 's'} (${parts.join(', ')})`;
}

/** One node of a collapsed diagram: a layer, or a band of consecutive layers. */
export interface CollapsedBand {
  /** The Mermaid node id (`L0`, `L1`, …). */
  id: string;
  /** `Layer 3`, `Layers 4–6` or `On a cycle`. */
  title: string;
  /** Insertion indexes of the band's tasks. */
  members: readonly number[];
}

/** The bands of a collapsed diagram, in layer order: its structure, independent of statuses. */
export interface CollapsedLayout {
  orientation: string;
  bands: readonly CollapsedBand[];
  /** Task names by insertion index (what `members` refer to). */
  names: readonly string[];
}

/**
 * The structure of the collapsed view: one band per layer, or per run of consecutive layers to
 * stay under `maxNodes`. Layers come from `layersFn` when given, else from a longest-path pass.
 */
export function collapsedLayout(
  source: MermaidInput,
  layersFn?: MermaidLayersFn,
  options: CollapseOptions = {},
): CollapsedLayout {
  const orientation = normalizeOrientation(options.orientation ?? 'TD');
  const { names, indexOf } = flattenSource(source);
  let layers: readonly (readonly number[])[];
  let cyclic: readonly number[] = [];
  if (layersFn) {
    layers = layersFn(source).map((layer) =>
      layer.map((name) => indexOf.get(name)).filter((i): i is number => i !== undefined),
    );
  } else {
    ({ layers, cyclic } = longestPathLayers(source));
  }
  const maxNodes = Math.max(1, options.maxNodes ?? 60);
  const bandSize = Math.ceil(layers.length / maxNodes) || 1;
  const bands: CollapsedBand[] = [];
  for (let b = 0; b * bandSize < layers.length; b++) {
    const first = b * bandSize;
    const last = Math.min(layers.length, first + bandSize) - 1;
    const title = first === last ? `Layer ${first + 1}` : `Layers ${first + 1}–${last + 1}`;
    bands.push({ id: `L${b}`, title, members: layers.slice(first, last + 1).flat() });
  }
  if (cyclic.length > 0)
    bands.push({ id: `L${bands.length}`, title: 'On a cycle', members: cyclic });
  return { orientation, bands, names };
}

/** A band's label (`Layer 2 · 25 tasks (20 completed, 5 running)`) and colour for some statuses. */
export function bandSummary(
  band: CollapsedBand,
  statusOf: (index: number) => TaskStatus,
): { label: string; status: TaskStatus } {
  const counts = new Map<TaskStatus, number>();
  for (const i of band.members) {
    const s = statusOf(i);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const status = BAND_PRIORITY.find((s) => counts.has(s)) ?? TaskStatus.Pending;
  return { label: bandLabel(band.title, counts, band.members.length), status };
}

/**
 * A compact Mermaid diagram of a DAG too big to lay out: one node per layer (or band of
 * layers, to stay under `maxNodes`) labelled with its task counts by status, chained in
 * layer order, and coloured by its most urgent status (failed › running › retrying › pending ›
 * cancelled › skipped › completed). Layers come from `layersFn` when given, else from a
 * longest-path pass. Statuses resolve as in `exportMermaid`.
 */
export function collapseByLayer(
  source: MermaidInput,
  statuses?: MermaidStatuses,
  layersFn?: MermaidLayersFn,
  options: CollapseOptions = {},
): string {
  const { orientation, bands } = collapsedLayout(source, layersFn, options);
  if (bands.length === 0) return `graph ${orientation}\n`;
  const status = resolveStatuses(source, statuses);
  const nodes: string[] = [];
  const classes = new Map<TaskStatus, string[]>();
  for (const band of bands) {
    const summary = bandSummary(band, (i) => status[i]!);
    nodes.push(`    ${band.id}["${escapeMermaidLabel(summary.label)}"]`);
    const group = classes.get(summary.status);
    if (group) group.push(band.id);
    else classes.set(summary.status, [band.id]);
  }
  const edges: string[] = [];
  for (let b = 1; b < bands.length; b++) edges.push(`    L${b - 1} --> L${b}`);
  const classLines = [...classes].map(([s, ids]) => `    class ${ids.join(',')} ${s}`);
  return [
    `graph ${orientation}`,
    ...nodes,
    ...edges,
    '',
    ...MERMAID_CLASS_DEFS,
    ...classLines,
    '',
  ].join('\n');
}
