import type { Mermaid, MermaidConfig } from 'mermaid';

/** Limits that mermaid only accepts through `initialize`, never inside a diagram. */
export interface RenderLimits {
  maxEdges: number;
  maxTextSize: number;
}

let loading: Promise<Mermaid> | undefined;
let appliedKey = '';

/** Loads mermaid on first use (it stays out of the first bundle). */
export function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then((m) => m.default);
  return loading;
}

/**
 * Loads and configures mermaid with strict security: labels are text (exportMermaid escapes every
 * markup character), click handlers and links are off, and mermaid sanitises its own output. The
 * panel only ever renders text it generated itself from the open document (buildMermaidDiagram or
 * collapseByLayer). Labels stay mermaid's HTML labels: the live relabel and recolour
 * (recolourSvg.ts) edit them in place, and with `htmlLabels: false` mermaid shows exportMermaid's
 * entity codes (`#quot;`, `#91;` …) literally instead of the characters.
 */
export async function configuredMermaid(
  limits: RenderLimits,
  theme: 'light' | 'dark',
): Promise<Mermaid> {
  const mermaid = await loadMermaid();
  const key = `${limits.maxEdges}/${limits.maxTextSize}/${theme}`;
  if (key !== appliedKey) {
    const config: MermaidConfig = {
      startOnLoad: false,
      securityLevel: 'strict',
      theme: theme === 'dark' ? 'dark' : 'default',
      maxEdges: limits.maxEdges,
      maxTextSize: limits.maxTextSize,
      flowchart: { useMaxWidth: false },
    };
    mermaid.initialize(config);
    appliedKey = key;
  }
  return mermaid;
}

let renderCount = 0;

/** Mermaid's silent over-limit output: it renders this text instead of throwing. */
const TEXT_LIMIT_PLACEHOLDER = 'Maximum text size in diagram exceeded';

/** Renders diagram text to an SVG string; ids are unique per call (StrictMode renders twice). */
export async function renderMermaidSvg(
  text: string,
  limits: RenderLimits,
  theme: 'light' | 'dark',
): Promise<string> {
  const mermaid = await configuredMermaid(limits, theme);
  renderCount += 1;
  const { svg } = await mermaid.render(`fw-mermaid-${renderCount}`, text);
  if (svg.includes(TEXT_LIMIT_PLACEHOLDER)) {
    throw new Error(
      `The diagram is larger than the renderer's text limit (${limits.maxTextSize} characters).`,
    );
  }
  return svg;
}
