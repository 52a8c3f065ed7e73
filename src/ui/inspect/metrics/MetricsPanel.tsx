import { useMemo, useState } from 'react';
import { TASK_STATUSES, computeRunMetrics, toPrometheusText } from '../../../engine/index.ts';
import { useAppStore } from '../../store/appStore.ts';
import { selectShownRun } from '../../store/runSlice.ts';
import { copyText } from '../shared/copyText.ts';
import { isRunActive, taskStatesOf } from '../shared/format.ts';
import { formatDuration, runDurationMs } from '../../run/durations.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { useNow } from '../shared/useNow.ts';
import './metrics.css';

/** The shown run in figures, and its Prometheus exposition text. */
export function MetricsPanel() {
  const run = useAppStore(selectShownRun);
  const active = isRunActive(run);
  const now = useNow(active, 1000);
  const [showText, setShowText] = useState(false);
  const metrics = useMemo(
    () =>
      run
        ? computeRunMetrics(taskStatesOf(run), {
            startedAt: run.startedAt,
            ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
            now,
          })
        : null,
    [run, now],
  );
  if (!run || !metrics) {
    return (
      <p className="panel__hint bottom-empty" data-testid="metrics-empty">
        No run is shown. Press Run, or open a past run from the Runs tab.
      </p>
    );
  }
  const text = () =>
    toPrometheusText(metrics, {
      workflow: run.document.name,
      runId: run.runId,
      status: run.status,
    });
  const figures: [string, string, string][] = [
    ['Tasks', String(metrics.total), 'metric-total'],
    ['Throughput', `${metrics.throughputPerS.toFixed(2)} tasks/s`, 'metric-throughput'],
    ['p50 duration', formatDuration(metrics.p50DurationMs), 'metric-p50'],
    ['p95 duration', formatDuration(metrics.p95DurationMs), 'metric-p95'],
    ['Retries', String(metrics.retries), 'metric-retries'],
    ['Wall time', formatDuration(runDurationMs(run, now)), 'metric-wall'],
  ];
  return (
    <div className="metrics" data-testid="metrics">
      <div className="metrics__figures">
        {figures.map(([label, value, id]) => (
          <div key={id} className="metric-card" data-testid={id}>
            <span className="metric-card__label">{label}</span>
            <span className="metric-card__value">{value}</span>
          </div>
        ))}
      </div>
      <div
        className="metrics__status"
        role="group"
        aria-label="Tasks by status"
        data-testid="metrics-by-status"
      >
        {TASK_STATUSES.map((s) => (
          <span
            key={s}
            className="metrics__status-item"
            data-testid="status-count"
            data-status={s}
            data-count={metrics.byStatus[s]}
          >
            <StatusChip status={s} label={`${s} ${metrics.byStatus[s]}`} />
          </span>
        ))}
      </div>
      <div className="metrics__actions">
        <button type="button" onClick={() => void copyText(text(), 'the Prometheus text')}>
          Copy as Prometheus text
        </button>
        <button type="button" aria-expanded={showText} onClick={() => setShowText((v) => !v)}>
          {showText ? 'Hide Prometheus text' : 'Show Prometheus text'}
        </button>
      </div>
      {showText && (
        <pre className="code-block metrics__text" data-testid="prometheus-text">
          {text()}
        </pre>
      )}
    </div>
  );
}
