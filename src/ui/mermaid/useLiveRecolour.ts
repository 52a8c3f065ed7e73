import { useLayoutEffect, useRef } from 'react';
import {
  bandSummary,
  type CollapsedLayout,
  type MermaidDiagram,
  type TaskStatus,
} from '../../engine/index.ts';
import { indexSvgNodes, setLinksNotTaken, setNodeLabels, setNodeStatus } from './recolourSvg.ts';

const NO_LABELS: Readonly<Record<string, string>> = {};

/** What the rendered SVG shows: one node per task, or the collapsed view's one node per band. */
export type RecolourTarget =
  { kind: 'tasks'; diagram: MermaidDiagram } | { kind: 'bands'; layout: CollapsedLayout };

/**
 * Keeps the rendered diagram in step with task statuses by editing the existing SVG: a task node
 * gets its status colour; a band of the collapsed view its colour and its counts by status. Only
 * nodes whose look changed are touched, and nothing is laid out again.
 */
export function useLiveRecolour(
  container: React.RefObject<HTMLDivElement | null>,
  svg: string | undefined,
  target: RecolourTarget,
  statuses: Readonly<Record<string, TaskStatus>>,
  /** Labels to show instead of the rendered ones, by task (a mapped task's counts). */
  labels: Readonly<Record<string, string>> = NO_LABELS,
): void {
  const index = useRef<Map<string, Element>>(new Map());
  /** Node id → what was last applied to it (status, and the label for bands). */
  const applied = useRef<Map<string, string>>(new Map());
  /** The skipped node ids whose links were last drawn dotted. */
  const lastSkipped = useRef('');

  // Layout effects: a freshly inserted SVG shows the current statuses in its first paint.
  useLayoutEffect(() => {
    const el = container.current;
    index.current = el && svg ? indexSvgNodes(el) : new Map();
    applied.current = new Map();
    lastSkipped.current = '';
  }, [container, svg]);

  useLayoutEffect(() => {
    const changed: [Element, string][] = [];
    const apply = (id: string, status: TaskStatus, label?: string) => {
      const group = index.current.get(id);
      const key = label === undefined ? status : `${status}\n${label}`;
      if (!group || applied.current.get(id) === key) return;
      if (label !== undefined) changed.push([group, label]);
      setNodeStatus(group, status);
      applied.current.set(id, key);
    };
    if (target.kind === 'tasks') {
      const skipped = new Set<string>();
      for (const [name, status] of Object.entries(statuses)) {
        const id = target.diagram.ids.get(name);
        if (id !== undefined) apply(id, status, labels[name]);
        if (id !== undefined && status === 'skipped') skipped.add(id);
      }
      // Links are restyled only when the set of skipped tasks changed.
      const key = [...skipped].join(',');
      if (container.current && lastSkipped.current !== key) {
        setLinksNotTaken(container.current, skipped);
        lastSkipped.current = key;
      }
    } else {
      const { bands, names } = target.layout;
      for (const band of bands) {
        const { label, status } = bandSummary(band, (i) => statuses[names[i]!] ?? 'pending');
        apply(band.id, status, label);
      }
    }
    // A top-down chain of bands has room sideways; a left-right one has room above and below.
    if (target.kind === 'bands')
      setNodeLabels(changed, !['LR', 'RL'].includes(target.layout.orientation));
    else if (changed.length > 0) setNodeLabels(changed, false);
  }, [container, statuses, labels, target, svg]);
}
