// Pure: renders run metrics in the Prometheus text exposition format (version 0.0.4).
import { TASK_STATUSES } from '../model/status.ts';
import type { RunMetrics } from './runMetrics.ts';

/** Identifies the run the metrics describe; becomes labels on every sample. */
export interface MetricsLabels {
  workflow: string;
  runId: string;
  status?: string;
}

/** Escapes a label value as the exposition format requires: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return `{${body}}`;
}

function num(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(6))) : value > 0 ? '+Inf' : 'NaN';
}

/** Prometheus exposition text for one run; every metric has HELP and TYPE lines. */
export function toPrometheusText(metrics: RunMetrics, run: MetricsLabels): string {
  const base = { workflow: run.workflow, run_id: run.runId };
  const out: string[] = [];
  const metric = (
    name: string,
    type: string,
    help: string,
    samples: [Record<string, string>, number][],
  ) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [extra, value] of samples)
      out.push(`${name}${labels({ ...base, ...extra })} ${num(value)}`);
  };
  metric(
    'flowweaver_tasks',
    'gauge',
    'Tasks of the run by status.',
    TASK_STATUSES.map((s) => [{ status: s }, metrics.byStatus[s]]),
  );
  metric('flowweaver_tasks_total', 'gauge', 'Tasks in the workflow.', [[{}, metrics.total]]);
  metric(
    'flowweaver_task_retries_total',
    'counter',
    'Retries over all tasks (attempts after a failed one).',
    [[{}, metrics.retries]],
  );
  metric('flowweaver_task_duration_seconds', 'summary', 'Duration of finished tasks.', [
    [{ quantile: '0.5' }, metrics.p50DurationMs / 1000],
    [{ quantile: '0.95' }, metrics.p95DurationMs / 1000],
  ]);
  for (const [suffix, value] of [
    ['_sum', metrics.sumDurationMs / 1000],
    ['_count', metrics.finishedCount],
  ] as const) {
    out.push(`flowweaver_task_duration_seconds${suffix}${labels(base)} ${num(value)}`);
  }
  metric('flowweaver_run_duration_seconds', 'gauge', 'Wall time of the run.', [
    [{}, metrics.wallTimeMs / 1000],
  ]);
  metric(
    'flowweaver_run_throughput_tasks_per_second',
    'gauge',
    'Finished tasks per second of wall time.',
    [[{}, metrics.throughputPerS]],
  );
  const mapped = Object.entries(metrics.maps);
  if (mapped.length > 0)
    metric(
      'flowweaver_map_instances',
      'gauge',
      'Instances of each mapped task (mapOver) by status.',
      mapped.flatMap(([task, map]) =>
        TASK_STATUSES.map((s): [Record<string, string>, number] => [
          { task, status: s },
          map.counts[s],
        ]),
      ),
    );
  if (run.status !== undefined) {
    metric('flowweaver_run_info', 'gauge', 'The run, labelled with its status.', [
      [{ status: run.status }, 1],
    ]);
  }
  return `${out.join('\n')}\n`;
}
