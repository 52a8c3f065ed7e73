import { useEffect, useMemo, useState } from 'react';
import {
  buildMermaidDiagram,
  collapseByLayer,
  mermaidRenderPlan,
  type MermaidDiagram,
  type TaskStatus,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { renderMermaidSvg } from './loadMermaid.ts';
import { useThrottled } from './useThrottled.ts';

/** What the panel shows. */
export interface MermaidView {
  state: 'rendering' | 'ready' | 'error';
  svg?: string;
  /** The text that was rendered (full or collapsed). */
  text: string;
  /** The full diagram (text and name → node id map). */
  diagram: MermaidDiagram;
  collapsed: boolean;
  messages: readonly string[];
  error?: string;
}

const DEBOUNCE_MS = 250;
const COLLAPSED_REFRESH_MS = 1000;

/** A key that changes only when the layout would: names, dependencies and orientation. */
export function structureKey(tasks: WorkflowDocument['tasks'], orientation: string): string {
  return JSON.stringify([orientation, tasks.map((t) => [t.name, t.dependsOn])]);
}

/**
 * Renders the document's diagram, re-laying it out only when its structure changes (debounced;
 * only the latest text renders). Graphs beyond what mermaid can lay out in reasonable time get a
 * collapsed one-node-per-layer view instead.
 */
export function useMermaidDiagram(
  doc: WorkflowDocument,
  orientation: string,
  theme: 'light' | 'dark',
  statuses: Readonly<Record<string, TaskStatus>>,
): MermaidView {
  // Only an edit gives `doc.tasks` a new identity; status batches during a run do not.
  const tasks = doc.tasks;
  const key = useMemo(() => structureKey(tasks, orientation), [tasks, orientation]);
  // The key captures everything the layout depends on; the document itself may change identity
  // on every edit (code, options, positions) without needing a new layout.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const diagram = useMemo(() => buildMermaidDiagram(doc, { orientation }), [key]);
  const plan = useMemo(
    () => mermaidRenderPlan(diagram.text, diagram.edgeCount, diagram.nodeCount),
    [diagram],
  );
  // A collapsed view is small, so it is simply re-rendered with new counts when statuses change,
  // at most once per COLLAPSED_REFRESH_MS: each render is a full mermaid layout on the main thread.
  const collapsedStatuses = useThrottled(
    plan.action === 'collapse' ? statuses : undefined,
    COLLAPSED_REFRESH_MS,
  );
  const text = useMemo(
    () =>
      plan.action === 'collapse'
        ? collapseByLayer(doc, collapsedStatuses, undefined, { orientation })
        : diagram.text,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [plan, orientation, collapsedStatuses],
  );
  const [result, setResult] = useState<{
    text: string;
    theme: string;
    svg?: string;
    error?: string;
  }>();

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      const limits =
        plan.action === 'collapse' ? { maxEdges: 500, maxTextSize: 50_000 } : plan.limits;
      renderMermaidSvg(text, limits, theme).then(
        (svg) => !cancelled && setResult({ text, theme, svg }),
        (error: unknown) =>
          !cancelled && setResult({ text, theme, error: (error as Error).message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, theme, plan]);

  const current = result?.text === text && result.theme === theme ? result : undefined;
  return {
    state: current === undefined ? 'rendering' : current.error !== undefined ? 'error' : 'ready',
    ...(current?.svg !== undefined ? { svg: current.svg } : {}),
    ...(current?.error !== undefined ? { error: current.error } : {}),
    text,
    diagram,
    collapsed: plan.action === 'collapse',
    messages: plan.messages,
  };
}
