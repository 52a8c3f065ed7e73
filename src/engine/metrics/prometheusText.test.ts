import { describe, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { computeRunMetrics } from './runMetrics.ts';
import { escapeLabelValue, toPrometheusText } from './prometheusText.ts';

const metrics = computeRunMetrics([
  {
    name: 'a',
    status: 'completed',
    attempts: 2,
    attemptHistory: [],
    startedAt: 0,
    finishedAt: 250,
    durationMs: 250,
  },
  {
    name: 'b',
    status: 'failed',
    attempts: 1,
    attemptHistory: [],
    startedAt: 0,
    finishedAt: 500,
    durationMs: 500,
  },
]);

describe('toPrometheusText', () => {
  it('parses as Prometheus exposition text with the expected families', () => {
    const text = toPrometheusText(metrics, {
      workflow: 'etl "nightly"\nrun',
      runId: 'r-1',
      status: 'failed',
    });
    const families = parsePrometheusTextFormat(text);
    const byName = Object.fromEntries(families.map((f) => [f.name, f]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        'flowweaver_tasks',
        'flowweaver_tasks_total',
        'flowweaver_task_retries_total',
        'flowweaver_task_duration_seconds',
        'flowweaver_run_duration_seconds',
        'flowweaver_run_info',
      ]),
    );
    const completed = byName.flowweaver_tasks!.metrics.find(
      (m) => m.labels?.status === 'completed',
    );
    expect(completed).toMatchObject({
      value: '1',
      labels: { workflow: 'etl "nightly"\nrun', run_id: 'r-1' },
    });
    expect(byName.flowweaver_task_duration_seconds!.type).toBe('SUMMARY');
    expect(byName.flowweaver_task_retries_total!.metrics[0]!.value).toBe('1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes label value %j', (raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
  });
});

describe('mapped tasks in the metrics', () => {
  it('exposes instance counts per mapped task and status, parseable', () => {
    const counts = {
      pending: 0,
      running: 0,
      retrying: 0,
      completed: 98,
      failed: 2,
      skipped: 0,
      cancelled: 0,
    };
    const mapped = computeRunMetrics([
      {
        name: 'transform "x"',
        status: 'failed',
        attempts: 1,
        attemptHistory: [],
        map: { total: 100, counts },
      },
    ]);
    expect(mapped.maps['transform "x"']?.total).toBe(100);
    const text = toPrometheusText(mapped, { workflow: 'w', runId: 'r' });
    expect(text).toContain(
      'flowweaver_map_instances{workflow="w",run_id="r",task="transform \\"x\\"",status="failed"} 2',
    );
    const family = parsePrometheusTextFormat(text).find(
      (f) => f.name === 'flowweaver_map_instances',
    );
    expect(family?.metrics).toHaveLength(7);
    expect(toPrometheusText(metrics, { workflow: 'w', runId: 'r' })).not.toContain('map_instances');
  });
});
