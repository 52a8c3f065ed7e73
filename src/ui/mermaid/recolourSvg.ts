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

/**
 * Replaces nodes' label texts in place (text, never markup). Each label box is resized to its new
 * text and centred on the node; the node's shape grows (never shrinks) to keep its padding around
 * it, so nothing else moves. `oneLine` keeps labels on one line (the shape then grows sideways:
 * right for a top-down chain of nodes); otherwise they wrap and the shape grows in height. All
 * texts are written before any is measured, so a batch costs one layout.
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
    if (oneLine) {
      parts.content.style.whiteSpace = 'nowrap';
      parts.content.style.maxWidth = 'none';
      parts.content.style.width = 'auto';
    }
    // The shape's padding around the label as mermaid drew it, kept for every later resize.
    if (parts.shape && !parts.group.hasAttribute('data-label-pad')) {
      const padX = num(parts.shape, 'width') - num(parts.box, 'width');
      const padY = num(parts.shape, 'height') - num(parts.box, 'height');
      parts.group.setAttribute('data-label-pad', `${padX} ${padY}`);
    }
    written.push(parts);
  }
  // Read every size first (one layout), then write the geometry.
  const sizes = written.map(({ content }) => ({
    w: Math.ceil(content.offsetWidth),
    h: Math.ceil(content.offsetHeight),
  }));
  let grown = false;
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
      if (sw > num(shape, 'width') || sh > num(shape, 'height')) grown = true;
      cx = num(shape, 'x') + num(shape, 'width') / 2;
      cy = num(shape, 'y') + num(shape, 'height') / 2;
      shape.setAttribute('x', String(cx - sw / 2));
      shape.setAttribute('y', String(cy - sh / 2));
      shape.setAttribute('width', String(sw));
      shape.setAttribute('height', String(sh));
    }
    label.setAttribute('transform', `translate(${cx - w / 2}, ${cy - h / 2})`);
  });
  const svg = written[0]?.group.closest('svg');
  if (grown && svg) growViewBox(svg);
}

/** Widens the SVG's viewBox (and size) so grown nodes are not clipped at its edges. */
function growViewBox(svg: SVGSVGElement, padding = 8): void {
  const content = svg.querySelector(':scope > g');
  if (!(content instanceof SVGGraphicsElement)) return;
  const box = content.getBBox();
  const [x0 = 0, y0 = 0, w0 = 0, h0 = 0] = (svg.getAttribute('viewBox') ?? '')
    .split(/[\s,]+/)
    .map(Number);
  const x = Math.min(x0, box.x - padding);
  const y = Math.min(y0, box.y - padding);
  const w = Math.max(x0 + w0, box.x + box.width + padding) - x;
  const h = Math.max(y0 + h0, box.y + box.height + padding) - y;
  if (x === x0 && y === y0 && w === w0 && h === h0) return;
  svg.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
}
