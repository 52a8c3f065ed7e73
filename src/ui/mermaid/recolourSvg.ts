import { TASK_STATUSES, type TaskStatus } from '../../engine/index.ts';

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
 * Swaps a node's status class in place. The diagram's own `classDef` rules colour it, so a status
 * change costs one class flip and no new layout.
 */
export function setNodeStatus(group: Element, status: TaskStatus): void {
  for (const s of TASK_STATUSES) if (s !== status) group.classList.remove(s);
  group.classList.add(status);
}
