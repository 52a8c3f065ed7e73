import { useEffect, useRef } from 'react';
import type { MermaidDiagram, TaskStatus } from '../../engine/index.ts';
import { indexSvgNodes, setNodeStatus } from './recolourSvg.ts';

/**
 * Keeps the rendered diagram's colours in step with task statuses by flipping classes on the
 * existing SVG: only nodes whose status changed are touched, and nothing is laid out again.
 */
export function useLiveRecolour(
  container: React.RefObject<HTMLDivElement | null>,
  svg: string | undefined,
  diagram: MermaidDiagram,
  statuses: Readonly<Record<string, TaskStatus>>,
  enabled: boolean,
): void {
  const index = useRef<Map<string, Element>>(new Map());
  const applied = useRef<Map<string, TaskStatus>>(new Map());

  useEffect(() => {
    const el = container.current;
    index.current = el && svg ? indexSvgNodes(el) : new Map();
    applied.current = new Map();
  }, [container, svg]);

  useEffect(() => {
    if (!enabled) return;
    for (const [name, status] of Object.entries(statuses)) {
      if (applied.current.get(name) === status) continue;
      const id = diagram.ids.get(name);
      const group = id === undefined ? undefined : index.current.get(id);
      if (!group) continue;
      setNodeStatus(group, status);
      applied.current.set(name, status);
    }
  }, [statuses, diagram, svg, enabled]);
}
