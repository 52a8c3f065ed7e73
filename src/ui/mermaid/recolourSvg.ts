import { MERMAID_STATUS_STYLES, TASK_STATUSES, type TaskStatus } from '../../engine/index.ts';

const NODE_ID = /flowchart-(t\d+)-\d+$/;

/** Maps Mermaid node ids (`t0`, `t1`, …) to their SVG groups, once per rendered diagram. */
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
