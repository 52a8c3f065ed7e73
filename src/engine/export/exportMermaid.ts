// Mermaid flowchart text from a workflow: pure string building, never touches I/O, the DOM or mermaid.
import { FlowWeaverError } from '../model/errors.ts';
import type { TaskStatus } from '../model/status.ts';
import { escapeMermaidLabel, mermaidNodeId } from './mermaidIds.ts';
import {
  flattenSource,
  resolveDecides,
  resolveMaps,
  resolveStatuses,
  type MermaidInput,
  type MermaidMapInfo,
  type MermaidStatuses,
} from './mermaidSource.ts';
import { MERMAID_CLASS_DEFS } from './mermaidStyles.ts';
import { describeMapSummary } from '../model/mapping.ts';

/** Mermaid flowchart directions. */
export const MERMAID_ORIENTATIONS = ['TD', 'TB', 'BT', 'LR', 'RL'] as const;
/** One of `MERMAID_ORIENTATIONS`. */
export type MermaidOrientation = (typeof MERMAID_ORIENTATIONS)[number];

/** Options of `exportMermaid`. */
export interface MermaidExportOptions {
  /** Graph direction, case-insensitive; default `'TD'`. */
  orientation?: string;
  /** Colour by these statuses instead of the tasks' own (see `MermaidStatuses`). */
  statuses?: MermaidStatuses;
  /** A diagram title, written as Mermaid frontmatter before the `graph` line. */
  title?: string;
}

/** The text plus what the renderer and the app need to know about it. */
export interface MermaidDiagram {
  readonly text: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
  /**
   * Node id (`t0`, …) of each task name; the first task wins for a duplicated name. Built on
   * first read, so plain exports never pay for it.
   */
  readonly ids: ReadonlyMap<string, string>;
}

function diagramOf(text: string, source: MermaidInput, edgeCount: number): MermaidDiagram {
  let ids: ReadonlyMap<string, string> | undefined;
  return {
    text,
    nodeCount: source.tasks.length,
    edgeCount,
    get ids() {
      return (ids ??= mermaidNodeIds(source));
    },
  };
}

/**
 * Validates an orientation case-insensitively.
 * @throws FlowWeaverError `E_MERMAID_ORIENTATION` naming the valid directions.
 */
export function normalizeOrientation(orientation: string): MermaidOrientation {
  const upper = String(orientation).toUpperCase();
  if ((MERMAID_ORIENTATIONS as readonly string[]).includes(upper))
    return upper as MermaidOrientation;
  throw new FlowWeaverError(
    'E_MERMAID_ORIENTATION',
    `Invalid orientation '${String(orientation)}': must be one of ${MERMAID_ORIENTATIONS.join(', ')}`,
  );
}

/**
 * The Mermaid node id of each task name (`t0`, … by insertion index; the first task wins for
 * a duplicated name), e.g. to recolour a rendered SVG in place. O(V).
 */
export function mermaidNodeIds(source: MermaidInput): Map<string, string> {
  const ids = new Map<string, string>();
  source.tasks.forEach((task, i) => {
    if (!ids.has(task.name)) ids.set(task.name, mermaidNodeId(i));
  });
  return ids;
}

/** The frontmatter lines for a title; JSON is a valid YAML double-quoted scalar. */
function titleLines(title: string | undefined): string[] {
  if (title === undefined || title === '') return [];
  return ['---', `title: ${JSON.stringify(title.replace(/[\r\n\u2028\u2029]+/g, ' '))}`, '---'];
}

/**
 * Builds the diagram and reports its size. Shape (the seed's): `graph <ORIENT>`, one
 * `    tN["label"]` line per task in insertion order (`tN{{"label"}}`, a hexagon, for a branch or
 * short-circuit task; a mapped task once, its label with ` ×N` and its counts, see `mapLabel`), one `    tA --> tB` line per dependency
 * (tasks in insertion order, each task's dependencies as declared; unknown names are
 * skipped; `tA -.-> tB` when either end is skipped: nothing passed along it), a blank line, one `classDef` per status, then one `class <ids> <status>` line per
 * status present, in order of first appearance, and a trailing newline. O(V + E).
 */
export function buildMermaidDiagram(
  source: MermaidInput,
  options: MermaidExportOptions = {},
): MermaidDiagram {
  const orientation = normalizeOrientation(options.orientation ?? 'TD');
  const head = titleLines(options.title);
  head.push(`graph ${orientation}`);
  const graph = flattenSource(source);
  const n = graph.names.length;
  if (n === 0) return diagramOf(head.join('\n') + '\n', source, 0);

  // One array of lines joined once: linear, no quadratic concatenation.
  const idList = new Array<string>(n);
  const lines = head;
  // Branch and short-circuit tasks are hexagons: they decide what runs below them.
  const decides = resolveDecides(source);
  const statuses = resolveStatuses(source, options.statuses);
  const maps = resolveMaps(source, statuses, options.statuses);
  for (let i = 0; i < n; i++) {
    const id = mermaidNodeId(i);
    idList[i] = id;
    const [open, close] = decides[i] ? ['{{"', '"}}'] : ['["', '"]'];
    const map = maps[i];
    const label = escapeMermaidLabel(graph.names[i]!) + (map ? mapLabel(map) : '');
    lines.push('    ' + id + open + label + close);
  }
  let edgeCount = 0;
  for (let i = 0; i < n; i++) {
    const deps = graph.deps[i]!;
    const to = idList[i]!;
    for (let d = 0; d < deps.length; d++) {
      const from = graph.indexOf.get(deps[d]!);
      if (from === undefined) continue;
      // An edge nothing passed along (either end skipped) is dotted, as on the canvas.
      const link = statuses[from] === 'skipped' || statuses[i] === 'skipped' ? ' -.-> ' : ' --> ';
      lines.push('    ' + idList[from]! + link + to);
      edgeCount++;
    }
  }
  lines.push('');
  for (const def of MERMAID_CLASS_DEFS) lines.push(def);

  const groups = new Map<TaskStatus, string[]>();
  for (let i = 0; i < n; i++) {
    const status = statuses[i]!;
    const group = groups.get(status);
    if (group) group.push(idList[i]!);
    else groups.set(status, [idList[i]!]);
  }
  for (const [status, group] of groups) lines.push('    class ' + group.join(',') + ' ' + status);
  lines.push('');
  return diagramOf(lines.join('\n'), source, edgeCount);
}

/**
 * What a mapped task's label adds to its name: ` ×100` and, once instances ran, their counts
 * (`: 37 done · 2 failed`; ` ×0` over an empty array); ` × extract` (the upstream it maps over)
 * before a run. One line: a
 * `<br/>` sends mermaid down a path that decodes the `#36;` entities first, and a name with
 * `$$…$$` then renders as a KaTeX formula.
 */
function mapLabel(map: MermaidMapInfo): string {
  const summary = map.summary;
  if (summary === undefined) return ` × ${escapeMermaidLabel(map.over)}`;
  if (summary.total === 0) return ' ×0';
  const total = summary.total.toLocaleString('en-US');
  return ` ×${total}: ${escapeMermaidLabel(describeMapSummary(summary))}`;
}

/**
 * Exports a workflow or document as Mermaid flowchart text (contract §6). Node ids are
 * synthetic (`t0`, `t1`, … by insertion index); labels are the names, quoted and escaped.
 * Without `statuses`, a live workflow is coloured by its tasks' own statuses and a document
 * is all pending.
 * @throws FlowWeaverError `E_MERMAID_ORIENTATION` for an unknown orientation.
 */
export function exportMermaid(source: MermaidInput, options: MermaidExportOptions = {}): string {
  return buildMermaidDiagram(source, options).text;
}
