// The canvas as a vector drawing: plain SVG 1.1 (rect, path, text, marker) built from the
// workflow's tasks, their positions and run statuses — no HTML, no foreignObject, no CSS, so
// Chromium, Inkscape and other editors open it as shapes they can change. Pure: no DOM.
import { STATUS_COLORS, type TaskStatus } from '../../engine/index.ts';
import { DECIDES_MARK, type Decides } from '../canvas/documentToFlow.ts';
import type { LayoutDirection } from '../store/uiSlice.ts';
import type { ThemeColors } from '../theme/themeColors.ts';

export interface GraphSvgTask {
  name: string;
  /** Top-left corner and size on the canvas (flow coordinates). */
  x: number;
  y: number;
  width: number;
  height: number;
  status: TaskStatus;
  /** A branch or short-circuit task: drawn with the canvas's mark in its top-right corner. */
  decides?: Decides;
  /**
   * A mapped task: drawn as a stack of boxes, its state line followed by `map` and, once known,
   * its progress (e.g. `12 / 100`).
   */
  mapped?: { progress?: string };
}

export interface GraphSvgEdge {
  upstream: string;
  downstream: string;
  /** Nothing passed along it in the run shown (a branch not taken, a skip): drawn dashed. */
  notTaken?: boolean;
}

/** The theme's colours, as opaque CSS colours. */
export type GraphSvgColors = Omit<ThemeColors, 'accent'>;

export interface GraphSvgInput {
  title: string;
  tasks: readonly GraphSvgTask[];
  edges: readonly GraphSvgEdge[];
  direction: LayoutDirection;
  colors: GraphSvgColors;
}

const PADDING = 24;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
/** Roughly the width of a character of the 12px bold name: long names end in "…" inside the box. */
const NAME_CHAR_WIDTH = 7.2;
const STATUS_BAR = 5;

/** Text safe inside an XML element or a double-quoted attribute; characters XML 1.0 forbids become U+FFFD. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 does not allow
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/** A name cut to fit `width` pixels, ending in "…" when cut (whole characters, never half a pair). */
function fitName(name: string, width: number): string {
  const room = Math.max(1, Math.floor(width / NAME_CHAR_WIDTH));
  const chars = [...name];
  return chars.length <= room ? name : `${chars.slice(0, room - 1).join('')}…`;
}

/** React Flow's bezier control offset (`getBezierPath`, curvature 0.25) for one end. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** The edge's path from the upstream's output side to the downstream's input side. */
function edgePath(from: GraphSvgTask, to: GraphSvgTask, direction: LayoutDirection): string {
  if (direction === 'LR') {
    const [sx, sy] = [from.x + from.width, from.y + from.height / 2];
    const [tx, ty] = [to.x, to.y + to.height / 2];
    const c = controlOffset(tx - sx);
    return `M${num(sx)},${num(sy)} C${num(sx + c)},${num(sy)} ${num(tx - c)},${num(ty)} ${num(tx)},${num(ty)}`;
  }
  const [sx, sy] = [from.x + from.width / 2, from.y + from.height];
  const [tx, ty] = [to.x + to.width / 2, to.y];
  const c = controlOffset(ty - sy);
  return `M${num(sx)},${num(sy)} C${num(sx)},${num(sy + c)} ${num(tx)},${num(ty - c)} ${num(tx)},${num(ty)}`;
}

function decidesMark(task: GraphSvgTask, color: string): string {
  if (!task.decides) return '';
  const [x, y] = [task.x + task.width - 20, task.y + 5];
  return `<path class="task__decides" d="${DECIDES_MARK[task.decides]}" transform="translate(${num(x)},${num(y)}) scale(0.875)" fill="none" stroke="${color}" stroke-width="2" stroke-linecap="round"/>`;
}

function taskGroup(task: GraphSvgTask, colors: GraphSvgColors): string {
  const color = STATUS_COLORS[task.status];
  const [x, y, w, h] = [task.x, task.y, task.width, task.height];
  const textX = x + STATUS_BAR + 10;
  const roomForMark = task.decides ? 20 : 0;
  const stack = task.mapped
    ? [8, 4]
        .map(
          (d) =>
            `<rect class="task__stack" x="${num(x + d)}" y="${num(y + d)}" width="${num(w)}" height="${num(h)}" rx="6" fill="${colors.surface}" stroke="${colors.muted}" stroke-width="1"/>`,
        )
        .join('')
    : '';
  const state = task.mapped
    ? [task.status, 'map', task.mapped.progress].filter(Boolean).join(' · ')
    : task.status;
  return [
    `<g class="task">`,
    `<title>${xmlText(task.name)}</title>`,
    stack,
    `<rect class="task__box" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="6" fill="${colors.surface}" stroke="${color}" stroke-width="1.5"/>`,
    `<rect class="task__status" x="${num(x)}" y="${num(y)}" width="${STATUS_BAR}" height="${num(h)}" rx="2" fill="${color}"/>`,
    `<text class="task__name" x="${num(textX)}" y="${num(y + h / 2 - 2)}" font-family="${FONT}" font-size="12" font-weight="bold" fill="${colors.text}">${xmlText(fitName(task.name, w - STATUS_BAR - 18 - roomForMark))}</text>`,
    decidesMark(task, colors.muted),
    `<text class="task__state" x="${num(textX)}" y="${num(y + h / 2 + 12)}" font-family="${FONT}" font-size="10" fill="${colors.muted}">${xmlText(state)}</text>`,
    `</g>`,
  ].join('');
}

/**
 * The graph as an SVG 1.1 document: a background, one `g.task` per task (its name in a `title`, a
 * box outlined and barred in its status colour from STATUS_COLORS, its name and status as text),
 * one `path.edge` per dependency ending in the `#arrow` marker, dashed when not taken.
 */
export function graphSvg({ title, tasks, edges, direction, colors: theme }: GraphSvgInput): string {
  const colors = Object.fromEntries(
    Object.entries(theme).map(([key, value]) => [key, xmlText(value)]),
  ) as unknown as GraphSvgColors;
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const minX = Math.min(...tasks.map((t) => t.x)) - PADDING;
  const minY = Math.min(...tasks.map((t) => t.y)) - PADDING;
  const width = Math.max(...tasks.map((t) => t.x + t.width)) + PADDING - minX;
  const height = Math.max(...tasks.map((t) => t.y + t.height)) + PADDING - minY;
  const paths = edges.flatMap((edge) => {
    const from = byName.get(edge.upstream);
    const to = byName.get(edge.downstream);
    if (!from || !to) return [];
    const dash = edge.notTaken ? ' stroke-dasharray="6 5"' : '';
    return [
      `<path class="edge${edge.notTaken ? ' edge--not-taken' : ''}" d="${edgePath(from, to, direction)}" fill="none" stroke="${colors.edge}" stroke-width="1.5"${dash} marker-end="url(#arrow)"/>`,
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(width)}" height="${num(height)}" viewBox="${num(minX)} ${num(minY)} ${num(width)} ${num(height)}">`,
    `<title>${xmlText(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colors.edge}"/></marker></defs>`,
    `<rect class="background" x="${num(minX)}" y="${num(minY)}" width="${num(width)}" height="${num(height)}" fill="${colors.background}"/>`,
    `<g class="edges">${paths.join('')}</g>`,
    `<g class="tasks">${tasks.map((t) => taskGroup(t, colors)).join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
