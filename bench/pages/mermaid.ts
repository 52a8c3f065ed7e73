// Bench page for bench/mermaidRender.bench.ts: the app's own mermaid loader (the real mermaid
// 12.3, limits raised as the app raises them) and the app's recolour functions, driven through
// `window.mermaidBench` by Playwright. Timings are taken in the page with performance.now().
import {
  buildMermaidDiagram,
  checkMermaidLimits,
  collapseByLayer,
  mermaidRenderPlan,
  TASK_STATUSES,
  type MermaidDiagram,
  type MermaidSource,
  type TaskStatus,
} from '../../src/engine/index.ts';
import { loadMermaid, renderMermaidSvg } from '../../src/ui/mermaid/loadMermaid.ts';
import { indexSvgNodes, setNodeStatus } from '../../src/ui/mermaid/recolourSvg.ts';

const WIDTH = 50;

/** The same layered DAG as bench/mermaid.bench.ts: 50 tasks per layer, fan-in 2 from the layer above. */
function layeredSource(size: number): MermaidSource {
  const deps = new Map<string, string[]>();
  const tasks = [];
  for (let i = 0; i < size; i++) {
    const name = `task_${i}`;
    const up = i - WIDTH;
    deps.set(name, up >= 0 ? [`task_${up}`, `task_${up - (up % WIDTH) + ((up + 1) % WIDTH)}`] : []);
    tasks.push({ name, status: 'pending' as TaskStatus });
  }
  return { name: `layered-${size}`, tasks, getDependencies: (n) => deps.get(n) ?? [] };
}

const container = document.getElementById('diagram')!;
let current: { diagram: MermaidDiagram; size: number } | undefined;

function nodeTransforms(): string[] {
  return [...container.querySelectorAll('g.node')].map((g) => g.getAttribute('transform') ?? '');
}

const mermaidBench = {
  async warm(): Promise<void> {
    await loadMermaid();
    await renderMermaidSvg('graph TD\n  a --> b', { maxEdges: 500, maxTextSize: 50_000 }, 'light');
  },

  /** exportMermaid text → mermaid.render (through the app's renderMermaidSvg), then into the DOM. */
  async render(size: number): Promise<Record<string, number>> {
    container.replaceChildren();
    const diagram = buildMermaidDiagram(layeredSource(size));
    const { limits, textSize, edgeCount } = checkMermaidLimits(diagram.text, diagram.edgeCount);
    // What the app's panel would do with this diagram: 1 = collapse, 0 = render it in full.
    const appCollapses =
      mermaidRenderPlan(diagram.text, diagram.edgeCount, diagram.nodeCount).action === 'collapse'
        ? 1
        : 0;
    const t0 = performance.now();
    const svg = await renderMermaidSvg(diagram.text, limits, 'light');
    const renderMs = performance.now() - t0;
    container.innerHTML = svg;
    container.getBoundingClientRect(); // lay the inserted SVG out
    const insertMs = performance.now() - t0 - renderMs;
    current = { diagram, size };
    return {
      renderMs,
      insertMs,
      appCollapses,
      textSize,
      edgeCount,
      svgNodes: container.querySelectorAll('g.node').length,
    };
  },

  /** The app's collapsed view (collapseByLayer) of the same DAG, rendered the way the app does. */
  async renderCollapsed(size: number): Promise<Record<string, number>> {
    container.replaceChildren();
    const t0 = performance.now();
    const text = collapseByLayer(layeredSource(size));
    const svg = await renderMermaidSvg(text, { maxEdges: 500, maxTextSize: 50_000 }, 'light');
    const ms = performance.now() - t0;
    container.innerHTML = svg;
    return { ms, svgNodes: container.querySelectorAll('g.node').length };
  },

  /**
   * `changes` status flips on the rendered diagram, as useLiveRecolour applies them: look the node
   * up in the index, flip its class. Each change is timed with a forced style read of the node's
   * shape, so the time includes the style recalculation the browser would do before painting.
   */
  recolour(changes: number): Record<string, number | boolean> {
    if (!current) throw new Error('render first');
    const before = nodeTransforms();
    const t0 = performance.now();
    const index = indexSvgNodes(container);
    const indexMs = performance.now() - t0;
    const names = [...current.diagram.ids.keys()];
    const times: number[] = [];
    const fills = new Set<string>();
    for (let i = 0; i < changes; i++) {
      const name = names[(i * 7919) % names.length]!;
      const status = TASK_STATUSES[(i % (TASK_STATUSES.length - 1)) + 1]!;
      const group = index.get(current.diagram.ids.get(name)!);
      if (!group) throw new Error(`no SVG node for ${name}`);
      const shape = group.querySelector('rect, polygon, path') ?? group;
      const start = performance.now();
      setNodeStatus(group, status);
      fills.add(getComputedStyle(shape).fill);
      times.push(performance.now() - start);
    }
    const after = nodeTransforms();
    const unchanged = before.length === after.length && before.every((t, i) => t === after[i]);
    times.sort((a, b) => a - b);
    return {
      indexMs,
      medianMs: times[times.length >> 1]!,
      p95Ms: times[Math.floor(times.length * 0.95)]!,
      maxMs: times[times.length - 1]!,
      distinctFills: fills.size,
      transformsUnchanged: unchanged,
      nodes: before.length,
    };
  },
};

Object.assign(window, { mermaidBench, benchReady: true });
export type MermaidBench = typeof mermaidBench;
