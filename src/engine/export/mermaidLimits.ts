// Mermaid renderer limits and the render-or-collapse decision: pure arithmetic, no I/O or DOM.

/** The limits mermaid's `initialize` accepts (they cannot be raised inside a diagram). */
export interface MermaidLimits {
  readonly maxEdges: number;
  readonly maxTextSize: number;
}

/** Mermaid's own defaults: over `maxEdges` it throws; over `maxTextSize` it silently draws a placeholder. */
export const MERMAID_DEFAULT_LIMITS: MermaidLimits = Object.freeze({
  maxEdges: 500,
  maxTextSize: 50_000,
});

/**
 * Above these sizes a full layout takes too long on a browser's main thread, so the app and
 * `viewMermaid` show a collapsed view instead. From this repo's `mermaid.render_ms` bench
 * (mermaid 12.3, headless Chromium, 2 cores): 100 tasks ≈ 1.2 s, 1,000 tasks ≈ 14 s and 5,000
 * never finished in 120 s — layout time grows faster than linearly, so the line sits where a
 * full render still takes a few seconds at most.
 */
export const MERMAID_RENDER_THRESHOLDS = Object.freeze({ maxNodes: 300, maxEdges: 600 });

/** Counts the ` --> ` edges of Mermaid text as `exportMermaid` writes it, without a regex. */
export function countMermaidEdges(text: string): number {
  let count = 0;
  for (let i = text.indexOf(' --> '); i !== -1; i = text.indexOf(' --> ', i + 5)) count++;
  return count;
}

/** The outcome of `checkMermaidLimits`. */
export interface MermaidLimitCheck {
  readonly textSize: number;
  readonly edgeCount: number;
  /** True when mermaid's defaults are enough. */
  readonly withinDefaults: boolean;
  /** The limits to pass to `mermaid.initialize` (the defaults, or raised just enough). */
  readonly limits: MermaidLimits;
}

/** Compares a diagram with mermaid's default limits and says what to raise. */
export function checkMermaidLimits(
  text: string,
  edgeCount: number,
  defaults: MermaidLimits = MERMAID_DEFAULT_LIMITS,
): MermaidLimitCheck {
  const textSize = text.length;
  const limits = {
    maxEdges: Math.max(defaults.maxEdges, edgeCount),
    maxTextSize: Math.max(defaults.maxTextSize, textSize),
  };
  const withinDefaults = textSize <= defaults.maxTextSize && edgeCount <= defaults.maxEdges;
  return { textSize, edgeCount, withinDefaults, limits };
}

/** What to do with a diagram: render it (with these limits) or show a collapsed view. */
export interface MermaidRenderPlan extends MermaidLimitCheck {
  readonly action: 'render' | 'collapse';
  readonly nodeCount: number;
  /** Why limits were raised or why the graph is collapsed; empty when nothing special. */
  readonly messages: readonly string[];
}

/**
 * Decides how to show a diagram: within the thresholds it is rendered with mermaid's limits
 * raised as needed; beyond them the renderer would freeze the tab, so the caller should show
 * `collapseByLayer` instead and tell the user why.
 */
export function mermaidRenderPlan(
  text: string,
  edgeCount: number,
  nodeCount: number,
  thresholds: { readonly maxNodes: number; readonly maxEdges: number } = MERMAID_RENDER_THRESHOLDS,
): MermaidRenderPlan {
  const check = checkMermaidLimits(text, edgeCount);
  const messages: string[] = [];
  const tooBig = nodeCount > thresholds.maxNodes || edgeCount > thresholds.maxEdges;
  if (tooBig) {
    messages.push(
      `${nodeCount} tasks and ${edgeCount} dependencies are more than the diagram renderer can lay out in reasonable time (limit ${thresholds.maxNodes} tasks, ${thresholds.maxEdges} dependencies): showing one node per layer instead.`,
    );
  } else if (!check.withinDefaults) {
    messages.push(
      `Mermaid limits raised to ${check.limits.maxEdges} edges and ${check.limits.maxTextSize} characters for this diagram.`,
    );
  }
  return { ...check, nodeCount, action: tooBig ? 'collapse' : 'render', messages };
}
