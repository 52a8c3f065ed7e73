// mermaid.export_ms: exportMermaid on generated DAGs in Node, steady state (median after a JIT warm-up).
// Chromium figures (mermaid.render_ms, mermaid.recolour_ms) are in bench/mermaidRender.bench.ts.
import { exportMermaid } from '../src/engine/export/exportMermaid.ts';
import type { MermaidSource } from '../src/engine/export/mermaidSource.ts';
import type { TaskStatus } from '../src/engine/model/status.ts';
import { median, timeRuns, writeBenchResults, type BenchMetric } from './lib/report.ts';

const STATUSES: TaskStatus[] = ['completed', 'failed', 'running', 'pending'];

/** A layered DAG like a real pipeline: 50 tasks per layer, each depending on two of the layer above. */
function layeredSource(size: number): MermaidSource {
  const width = 50;
  const tasks = [];
  const deps = new Map<string, string[]>();
  for (let i = 0; i < size; i++) {
    const name = `task_${i}`;
    const up = i - width;
    deps.set(name, up >= 0 ? [`task_${up}`, `task_${up - (up % width) + ((up + 1) % width)}`] : []);
    tasks.push({ name, status: STATUSES[i % STATUSES.length]! });
  }
  return { name: `layered-${size}`, tasks, getDependencies: (n) => deps.get(n) ?? [] };
}

const metrics: BenchMetric[] = [];
for (const size of [5_000, 50_000]) {
  const source = layeredSource(size);
  for (let i = 0; i < 5; i++) exportMermaid(source); // let the JIT settle, as a long-lived app has
  const times = await timeRuns(size > 10_000 ? 7 : 21, () => exportMermaid(source));
  const value = median(times);
  metrics.push({
    name: `mermaid.export_ms.${size}`,
    value,
    unit: 'ms',
    ...(size === 5_000 ? { goal: '≤ 6', met: value <= 6 } : {}),
    note: `${source.tasks.length} tasks, ~${2 * size} edges, median of ${times.length} runs`,
  });
}
writeBenchResults('mermaid', metrics);
