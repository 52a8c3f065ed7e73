import { useEffect, useMemo, useState } from 'react';
import {
  buildMermaidDiagram,
  collapseByLayer,
  collapsedLayout,
  mermaidRenderPlan,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { renderMermaidSvg } from './loadMermaid.ts';
import type { RecolourTarget } from './useLiveRecolour.ts';

/** What the panel shows. */
export interface MermaidView {
  state: 'rendering' | 'ready' | 'error';
  svg?: string;
  /** The text that was rendered (full or collapsed). */
  text: string;
  /** What the SVG's nodes stand for: tasks (full diagram) or bands of layers (collapsed). */
  target: RecolourTarget;
  collapsed: boolean;
  messages: readonly string[];
  error?: string;
}

const DEBOUNCE_MS = 250;

/**
 * A key that changes only when the layout would: names, dependencies, what mapped tasks map over
 * (their labels say it) and orientation.
 */
export function structureKey(tasks: WorkflowDocument['tasks'], orientation: string): string {
  return JSON.stringify([
    orientation,
    tasks.map((t) =>
      t.mapOver === undefined ? [t.name, t.dependsOn] : [t.name, t.dependsOn, t.mapOver],
    ),
  ]);
}

/**
 * Renders the document's diagram, re-laying it out only when its structure changes (debounced;
 * only the latest text renders). A render belongs to its workflow: after a switch the panel shows
 * no SVG (`rendering`) until the new workflow's own arrives, never the one before, even when the
 * two have the same structure. Graphs beyond what mermaid can lay out in reasonable time get a
 * collapsed one-node-per-layer view instead. Statuses are not part of the rendered text: they are
 * applied to the SVG in place (useLiveRecolour), so a run never costs a mermaid layout.
 */
export function useMermaidDiagram(
  doc: WorkflowDocument,
  orientation: string,
  theme: 'light' | 'dark',
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
  const collapsed = plan.action === 'collapse';
  // Like `diagram`, the collapsed text and bands follow the structure (`diagram`), not `doc`.
  const text = useMemo(
    () => (collapsed ? collapseByLayer(doc, undefined, undefined, { orientation }) : diagram.text),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [collapsed, diagram, orientation],
  );
  const target = useMemo<RecolourTarget>(
    () =>
      collapsed
        ? { kind: 'bands', layout: collapsedLayout(doc, undefined, { orientation }) }
        : { kind: 'tasks', diagram },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [collapsed, diagram, orientation],
  );
  const workflowId = doc.id;
  const [result, setResult] = useState<{
    workflowId: string;
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
        (svg) => !cancelled && setResult({ workflowId, text, theme, svg }),
        (error: unknown) =>
          !cancelled && setResult({ workflowId, text, theme, error: (error as Error).message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [workflowId, text, theme, plan]);

  const current =
    result?.workflowId === workflowId && result.text === text && result.theme === theme
      ? result
      : undefined;
  return {
    state: current === undefined ? 'rendering' : current.error !== undefined ? 'error' : 'ready',
    ...(current?.svg !== undefined ? { svg: current.svg } : {}),
    ...(current?.error !== undefined ? { error: current.error } : {}),
    text,
    target,
    collapsed,
    messages: plan.messages,
  };
}
