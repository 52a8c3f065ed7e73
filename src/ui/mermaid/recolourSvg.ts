import { MERMAID_STATUS_STYLES, TASK_STATUSES, type TaskStatus } from '../../engine/index.ts';

const NODE_ID = /flowchart-([tL]\d+)-\d+$/;

/** Maps Mermaid node ids (`t0`, `t1`, … and the collapsed view's `L0`, …) to their SVG groups, once per rendered diagram. */
export function indexSvgNodes(container: Element): Map<string, Element> {
  const index = new Map<string, Element>();
  for (const group of container.querySelectorAll('g.node')) {
    const match = NODE_ID.exec(group.id);
    if (match) index.set(match[1]!, group);
  }
  return index;
}

/**
 * Recolours a node in place: swaps its status class and rewrites the inline colours mermaid
 * copied from the `classDef` onto the shape and label (inline `!important` beats any stylesheet).
 * A status change costs a few attribute writes and never a new layout.
 */
export function setNodeStatus(group: Element, status: TaskStatus): void {
  for (const s of TASK_STATUSES) if (s !== status) group.classList.remove(s);
  group.classList.add(status);
  const style = MERMAID_STATUS_STYLES[status];
  for (const child of group.children) {
    if (!(child instanceof SVGElement)) continue;
    if (child.classList.contains('label')) {
      child.style.setProperty('color', style.color, 'important');
      for (const span of child.querySelectorAll<HTMLElement>('span, div')) {
        span.style.setProperty('color', style.color, 'important');
      }
    } else if (
      child.style.getPropertyValue('fill') !== '' ||
      child.matches('rect, path, polygon, circle')
    ) {
      child.style.setProperty('fill', style.fill, 'important');
      child.style.setProperty('stroke', style.stroke, 'important');
    }
  }
}

interface LabelParts {
  group: Element;
  label: Element;
  box: Element;
  content: HTMLElement;
  shape: Element | null;
}

function labelParts(group: Element): { parts: LabelParts; paragraph: Element } | null {
  const label = group.querySelector(':scope > g.label');
  const box = label?.querySelector('foreignObject');
  const content = box?.firstElementChild;
  const paragraph = box?.querySelector('.nodeLabel p') ?? box?.querySelector('.nodeLabel');
  if (!label || !box || !(content instanceof HTMLElement) || !paragraph) return null;
  const shape = group.querySelector(':scope > rect');
  return { parts: { group, label, box, content, shape }, paragraph };
}

const num = (el: Element, attr: string) => Number(el.getAttribute(attr) ?? 0);

const LABEL_SLACK_PX = 8;

/**
 * Replaces nodes' label texts in place (text, never markup). Each label box is resized to its new
 * text and centred on the node; the node's shape grows (never shrinks) to keep its padding around
 * it, so nothing else moves. `oneLine` keeps labels on one line (the shape then grows sideways:
 * right for a top-down chain of nodes); otherwise they wrap and the shape grows in height. All
 * texts are written before any is measured, so a batch costs at most one layout, and none when no
 * label got longer than it has been.
 */
export function setNodeLabels(
  changes: readonly (readonly [group: Element, text: string])[],
  oneLine: boolean,
): void {
  const written: LabelParts[] = [];
  for (const [group, text] of changes) {
    const found = labelParts(group);
    if (!found) continue;
    const { parts, paragraph } = found;
    if (paragraph.textContent !== text) paragraph.textContent = text;
    // A box already sized for a text at least this long needs no measuring (counts change
    // digits, rarely the length), which spares the page a forced layout per batch.
    if (text.length <= Number(group.getAttribute('data-label-chars') ?? -1)) continue;
    group.setAttribute('data-label-chars', String(text.length));
    if (oneLine) {
      parts.content.style.whiteSpace = 'nowrap';
      parts.content.style.maxWidth = 'none';
      // Fills the label box, so a shorter later text stays centred in it.
      parts.content.style.width = '100%';
    }
    // The shape's padding around the label as mermaid drew it, kept for every later resize.
    if (parts.shape && !parts.group.hasAttribute('data-label-pad')) {
      const padX = num(parts.shape, 'width') - num(parts.box, 'width');
      const padY = num(parts.shape, 'height') - num(parts.box, 'height');
      parts.group.setAttribute('data-label-pad', `${padX} ${padY}`);
    }
    written.push(parts);
  }
  // One line: measured on a canvas with the label's font (no page layout). Wrapped: read from
  // the DOM, every size first (one layout), then the geometry is written. A little slack
  // sideways: a later text of the same length may have wider characters.
  const svg = written[0]?.group.closest('svg');
  const measure = oneLine && svg ? oneLineMeasurer(svg, written[0]!.content) : undefined;
  const sizes = written.map(({ content }) =>
    measure
      ? measure(content.textContent ?? '')
      : { w: Math.ceil(content.offsetWidth), h: Math.ceil(content.offsetHeight) },
  );
  const grown: { left: number; right: number; top: number; bottom: number }[] = [];
  written.forEach(({ group, label, box, shape }, i) => {
    const { w, h } = sizes[i]!;
    box.setAttribute('width', String(w));
    box.setAttribute('height', String(h));
    let cx = 0;
    let cy = 0;
    if (shape) {
      const [padX = 0, padY = 0] = (group.getAttribute('data-label-pad') ?? '')
        .split(' ')
        .map(Number);
      const sw = Math.max(num(shape, 'width'), w + padX);
      const sh = Math.max(num(shape, 'height'), h + padY);
      cx = num(shape, 'x') + num(shape, 'width') / 2;
      cy = num(shape, 'y') + num(shape, 'height') / 2;
      if (sw > num(shape, 'width') || sh > num(shape, 'height')) {
        const [tx, ty] = translation(group);
        grown.push({
          left: tx + cx - sw / 2,
          right: tx + cx + sw / 2,
          top: ty + cy - sh / 2,
          bottom: ty + cy + sh / 2,
        });
      }
      shape.setAttribute('x', String(cx - sw / 2));
      shape.setAttribute('y', String(cy - sh / 2));
      shape.setAttribute('width', String(sw));
      shape.setAttribute('height', String(sh));
    }
    label.setAttribute('transform', `translate(${cx - w / 2}, ${cy - h / 2})`);
  });
  if (grown.length > 0 && svg) growViewBox(svg, grown);
}

const measurers = new WeakMap<Element, (text: string) => { w: number; h: number }>();

/**
 * Measures one-line label texts with a canvas in the labels' font (read once per diagram), so
 * relabelling never forces the page to lay out. Falls back to the DOM without a 2D canvas.
 */
function oneLineMeasurer(
  svg: Element,
  sample: HTMLElement,
): ((text: string) => { w: number; h: number }) | undefined {
  let measure = measurers.get(svg);
  if (!measure) {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return undefined;
    const style = getComputedStyle(sample.querySelector('p') ?? sample);
    const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const lineHeight =
      Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.5;
    measure = (text) => {
      context.font = font;
      return {
        w: Math.ceil(context.measureText(text).width) + LABEL_SLACK_PX,
        h: Math.ceil(lineHeight),
      };
    };
    measurers.set(svg, measure);
  }
  return measure;
}

/** The `translate(x, y)` of an element's transform, or [0, 0]. */
function translation(element: Element): [number, number] {
  const match = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/.exec(
    element.getAttribute('transform') ?? '',
  );
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/** Widens the SVG's viewBox (and size) so grown nodes are not clipped at its edges. */
function growViewBox(
  svg: SVGSVGElement,
  boxes: readonly { left: number; right: number; top: number; bottom: number }[],
  padding = 8,
): void {
  const [x0 = 0, y0 = 0, w0 = 0, h0 = 0] = (svg.getAttribute('viewBox') ?? '')
    .split(/[\s,]+/)
    .map(Number);
  let [left, top, right, bottom] = [x0, y0, x0 + w0, y0 + h0];
  for (const b of boxes) {
    left = Math.min(left, b.left - padding);
    top = Math.min(top, b.top - padding);
    right = Math.max(right, b.right + padding);
    bottom = Math.max(bottom, b.bottom + padding);
  }
  if (left === x0 && top === y0 && right === x0 + w0 && bottom === y0 + h0) return;
  svg.setAttribute('viewBox', `${left} ${top} ${right - left} ${bottom - top}`);
  svg.setAttribute('width', String(right - left));
  svg.setAttribute('height', String(bottom - top));
}

const LINK_ID = /L_([tL]\d+)_([tL]\d+)_\d+$/;
const NOT_TAKEN_DASHES = '4 3';

/**
 * Draws dotted the links with an end among `skipped` (node ids): nothing passed along them in the
 * run, as exportMermaid writes them (`-.->`) and the canvas dashes them. In place, with mermaid's
 * own dotted-link class, so nothing is laid out again.
 */
export function setLinksNotTaken(container: Element, skipped: ReadonlySet<string>): void {
  for (const link of container.querySelectorAll('path.flowchart-link')) {
    const match = LINK_ID.exec(link.id);
    if (!match) continue;
    const notTaken = skipped.has(match[1]!) || skipped.has(match[2]!);
    // Mermaid writes each link's dashes inline (a solid run that stops short of the arrowhead),
    // which beats its own dotted class: the inline value is swapped, and kept to put back.
    const path = link as SVGElement;
    if (!path.hasAttribute('data-dasharray'))
      path.setAttribute('data-dasharray', path.style.getPropertyValue('stroke-dasharray'));
    path.style.setProperty(
      'stroke-dasharray',
      notTaken ? NOT_TAKEN_DASHES : (path.getAttribute('data-dasharray') ?? ''),
    );
    path.classList.toggle('edge-pattern-dotted', notTaken);
    path.classList.toggle('edge-not-taken', notTaken);
  }
}
