// layout.*: auto layout in Node, the same code the layout worker runs (src/ui/layout/computeLayout.ts:
// ELK up to ELK_MAX_NODES tasks, the fast layered layout beyond), against what the app did before
// (ELK layered up to 3,000 tasks, the earlier fast layout beyond), on the same graphs in the same
// process. Quality: edge crossings (pairs of straight segments between node centres that cross)
// and total edge length (sum of those segments), each as a ratio to ELK's layout of the same graph
// with the app's options. ELK tuned for speed with its documented options is measured beside them.
// Time: wall and CPU time of the process (the layout is single-threaded; on a loaded machine wall
// time grows with the load, CPU time much less). `LAYOUT_BENCH_SIZES=300,2000` runs a subset.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ELK from 'elkjs/lib/elk.bundled.js';
import { computeLayout, elkOptions } from '../src/ui/layout/computeLayout.ts';
import { layeredLayout, type LayoutEdge, type LayoutNode } from '../src/ui/layout/layeredLayout.ts';
import { ELK_MAX_NODES } from '../src/ui/layout/layoutProtocol.ts';
import { randomDag } from '../src/ui/layout/randomDag.ts';
import { layeredWorkflow } from './lib/appBuild.ts';
import { median, writeBenchResults, type BenchMetric } from './lib/report.ts';

type Positions = Map<string, { x: number; y: number }>;
interface Graph {
  shape: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

const SIZE = { width: 180, height: 56 }; // the app's task node size before it is measured
const GOALS_MS: Record<number, number> = { 2000: 1500, 5000: 5000 };
const MAX_CROSSING_RATIO = 1.2;

/** The editor bench's workflow: 25 tasks per layer, each depending on two of the layer above. */
function layeredGraph(size: number): Graph {
  const doc = layeredWorkflow('layout', 'layout', size, () => '');
  return {
    shape: 'layered',
    nodes: doc.tasks.map((t) => ({ id: t.name, ...SIZE })),
    edges: doc.tasks.flatMap((t) =>
      (t.dependsOn ?? []).map((d) => ({ source: d, target: t.name })),
    ),
  };
}

/** A random DAG: each task depends on one to three of the 60 before it (src/ui/layout/randomDag.ts). */
function randomGraph(size: number): Graph {
  return { shape: 'random', ...randomDag(size, 60, 42, () => SIZE) };
}

/** Crossings of the straight centre-to-centre segments (segments sharing a task do not count). */
function crossings(graph: Graph, pos: Positions): number {
  const segs = graph.edges.map((e) => {
    const a = pos.get(e.source)!;
    const b = pos.get(e.target)!;
    const x1 = a.x + SIZE.width / 2;
    const y1 = a.y + SIZE.height / 2;
    const x2 = b.x + SIZE.width / 2;
    const y2 = b.y + SIZE.height / 2;
    return {
      s: e.source,
      t: e.target,
      x1,
      y1,
      x2,
      y2,
      minX: Math.min(x1, x2),
      maxX: Math.max(x1, x2),
      minY: Math.min(y1, y2),
      maxY: Math.max(y1, y2),
    };
  });
  segs.sort((p, q) => p.minX - q.minX);
  const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  let count = 0;
  for (let i = 0; i < segs.length; i++) {
    const p = segs[i]!;
    for (let j = i + 1; j < segs.length && segs[j]!.minX <= p.maxX; j++) {
      const q = segs[j]!;
      if (q.minY > p.maxY || q.maxY < p.minY) continue;
      if (p.s === q.s || p.s === q.t || p.t === q.s || p.t === q.t) continue;
      const d1 = side(p.x1, p.y1, p.x2, p.y2, q.x1, q.y1);
      const d2 = side(p.x1, p.y1, p.x2, p.y2, q.x2, q.y2);
      const d3 = side(q.x1, q.y1, q.x2, q.y2, p.x1, p.y1);
      const d4 = side(q.x1, q.y1, q.x2, q.y2, p.x2, p.y2);
      if (d1 * d2 < 0 && d3 * d4 < 0) count++;
    }
  }
  return count;
}

/** Sum of the centre-to-centre edge lengths, in px. */
function edgeLength(graph: Graph, pos: Positions): number {
  let sum = 0;
  for (const e of graph.edges) {
    const a = pos.get(e.source)!;
    const b = pos.get(e.target)!;
    sum += Math.hypot(a.x - b.x, a.y - b.y);
  }
  return sum;
}

interface Measured {
  label: string;
  wallMs: number;
  cpuMs: number;
  runs: number;
  crossings: number;
  length: number;
}

/** Runs `layout` `runs` times; median wall and CPU time, quality of the last result. */
async function measure(
  label: string,
  graph: Graph,
  runs: number,
  layout: () => Promise<Positions>,
): Promise<Measured> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let pos: Positions = new Map();
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    pos = await layout();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const m = {
    label,
    wallMs: median(walls),
    cpuMs: median(cpus),
    runs,
    crossings: crossings(graph, pos),
    length: edgeLength(graph, pos),
  };
  console.log(
    `  ${graph.shape} ${graph.nodes.length} ${label}: wall ${m.wallMs.toFixed(0)} ms, cpu ${m.cpuMs.toFixed(0)} ms, ${m.crossings} crossings, length ${(m.length / 1e6).toFixed(2)} Mpx`,
  );
  return m;
}

const elk = new ELK();
const elkPositions = async (graph: Graph, options: Record<string, string>) => {
  const out = await elk.layout({
    id: 'root',
    layoutOptions: options,
    children: graph.nodes.map((n) => ({ ...n })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  return new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
};
/** ELK's options with nothing else changed, except that ELK overflows the stack at 5,000 tasks
 * while it splits the graph into connected components (a recursive search), so that is off. */
const elkReference = () => ({ ...elkOptions('TD'), 'elk.separateConnectedComponents': 'false' });
/** ELK tuned for speed with its documented options: no greedy-switch pass, one sweep. */
const elkTuned = () => ({
  ...elkReference(),
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.thoroughness': '1',
});

// The fast layered layout as it was before the barycentre sweeps (what the app used above 3,000).
const PREVIOUS_COMMIT = 'e49a500';
const previousFile = join(
  dirname(fileURLToPath(import.meta.url)),
  'out',
  'previousLayeredLayout.ts',
);
mkdirSync(dirname(previousFile), { recursive: true });
writeFileSync(
  previousFile,
  execFileSync('git', ['show', `${PREVIOUS_COMMIT}:src/ui/layout/layeredLayout.ts`], {
    encoding: 'utf8',
  }),
);
const previous = (await import(pathToFileURL(previousFile).href)) as {
  layeredLayout: typeof layeredLayout;
};

const sizes = (process.env.LAYOUT_BENCH_SIZES ?? '300,2000,5000').split(',').map(Number);
const metrics: BenchMetric[] = [];
// Warm the JIT on a small graph, as the worker is warm after its first layout.
await computeLayout(elk, { direction: 'TD', ...layeredGraph(200) });
await elkPositions(layeredGraph(200), elkOptions('TD'));
layeredLayout(layeredGraph(2000).nodes, layeredGraph(2000).edges, 'TD');

for (const size of sizes) {
  for (const graph of [layeredGraph(size), randomGraph(size)]) {
    const { shape } = graph;
    console.log(`${shape} ${size}: ${graph.nodes.length} tasks, ${graph.edges.length} edges`);
    const request = { direction: 'TD' as const, nodes: graph.nodes, edges: graph.edges };
    // The quality reference: ELK with the app's options (the layout the app used up to 3,000).
    const elkRef = await measure('ELK, app options', graph, 1, () =>
      elkPositions(graph, size <= 3000 ? elkOptions('TD') : elkReference()),
    );
    // What the app did before: that ELK layout up to 3,000 tasks, else the earlier fast layout.
    const before =
      size <= 3000
        ? elkRef
        : await measure('earlier fast layered layout', graph, 1, async () =>
            previous.layeredLayout(graph.nodes, graph.edges, 'TD'),
          );
    const tuned =
      size > ELK_MAX_NODES
        ? await measure('ELK tuned for speed', graph, 1, () => elkPositions(graph, elkTuned()))
        : undefined;
    let method = '';
    const after = await measure('after', graph, 3, async () => {
      const result = await computeLayout(elk, request);
      method = result.method;
      return result.positions;
    });
    const goal = GOALS_MS[size];
    const base = `layout.${shape}.${size}`;
    const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
    const crossingRatio = ratio(after.crossings, elkRef.crossings);
    const what = `${graph.nodes.length} tasks, ${graph.edges.length} edges`;
    metrics.push(
      {
        name: `${base}.before_ms`,
        value: before.wallMs,
        unit: 'ms',
        note: `${before.label}, as the app did before; CPU ${before.cpuMs.toFixed(0)} ms; ${before.crossings} crossings, ${(before.length / 1e6).toFixed(2)} Mpx of edges; ${what}`,
      },
      {
        name: `${base}.after_ms`,
        value: after.wallMs,
        unit: 'ms',
        note: `${method === 'elk' ? 'ELK (unchanged, up to ' + ELK_MAX_NODES + ' tasks)' : 'fast layered layout with barycentre sweeps'} (computeLayout, as the worker runs it); median of ${after.runs}`,
      },
      {
        name: `${base}.after_cpu_ms`,
        value: after.cpuMs,
        unit: 'ms',
        ...(goal ? { goal: `< ${goal}`, met: after.cpuMs < goal && after.wallMs < goal } : {}),
        note: `CPU time of the same runs (the layout is single-threaded); met when wall and CPU time are both under the goal`,
      },
      {
        name: `${base}.crossings_ratio`,
        value: crossingRatio,
        unit: '× ELK',
        goal: `≤ ${MAX_CROSSING_RATIO}`,
        met: crossingRatio <= MAX_CROSSING_RATIO,
        note: `${after.crossings} crossings after, ${elkRef.crossings} with ELK (${elkRef.label}${size > 3000 ? ', components not split: it overflows otherwise' : ''}; ${elkRef.wallMs.toFixed(0)} ms wall, ${elkRef.cpuMs.toFixed(0)} ms CPU); straight segments between node centres`,
      },
      {
        name: `${base}.length_ratio`,
        value: ratio(after.length, elkRef.length),
        unit: '× ELK',
        note: `total edge length ${(after.length / 1e6).toFixed(2)} Mpx after, ${(elkRef.length / 1e6).toFixed(2)} Mpx with ELK`,
      },
    );
    if (tuned) {
      metrics.push({
        name: `${base}.elk_tuned_ms`,
        value: tuned.wallMs,
        unit: 'ms',
        note: `not used: ELK with greedySwitch.type OFF, thoroughness 1, separateConnectedComponents false; CPU ${tuned.cpuMs.toFixed(0)} ms; ${ratio(tuned.crossings, elkRef.crossings).toFixed(2)}× ELK's crossings, ${ratio(tuned.length, elkRef.length).toFixed(2)}× its edge length`,
      });
    }
  }
}
writeBenchResults('layout', metrics);
