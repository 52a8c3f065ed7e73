import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { runProgress, selectShownRun } from '../store/runSlice.ts';
import { formatDuration, runDurationMs } from './durations.ts';
import { handledFailureCount, handledFailuresText } from './runMessages.ts';

const SOURCE_LABEL = { live: '', history: 'saved run', remote: 'running in another tab' };

const selectProgress = (s: AppState) => {
  const run = selectShownRun(s);
  if (!run) return null;
  return {
    runId: run.runId,
    status: run.status,
    timedOut: run.timedOut === true,
    source: run.source,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    lastEventAt: run.lastEventAt,
    ...runProgress(run),
  };
};

/** Between event batches the elapsed time still moves, once a second. */
const IDLE_TICK_MS = 1_000;

/**
 * "Now" for the elapsed time while the run is going: it moves with each batch of events (the
 * latest transition's time, in the same render, so it costs no extra paint) and once a second when
 * nothing else happens. A faster timer would repaint a big canvas between batches for a number
 * nobody reads that often.
 */
function useNowTicking(lastEventAt: number | undefined, ticking: boolean): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setTick(Date.now()), IDLE_TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  return Math.max(tick, lastEventAt ?? 0);
}

/** Header progress of the run on the canvas: done / total, failures, elapsed, a bar. */
export function RunProgress() {
  const p = useAppStore(useShallow(selectProgress));
  const running = p?.status === 'running';
  const now = useNowTicking(p?.lastEventAt, running);
  if (!p) return null;
  const elapsed = runDurationMs(p, now);
  const percent = p.total === 0 ? 0 : Math.round((p.done / p.total) * 100);
  const source = SOURCE_LABEL[p.source];
  // A completed run with failed tasks handled them (its leaves decided): said next to the status.
  const handled = handledFailureCount(p.status, p.failed);
  return (
    <div
      className={`run-progress run-progress--${p.status}`}
      data-testid="run-progress"
      data-run-status={p.status}
      data-run-id={p.runId}
      data-run-source={p.source}
    >
      <span className="run-progress__status">{p.status}</span>
      {p.timedOut && (
        <span className="run-progress__handled" data-testid="run-progress-timed-out">
          — timed out
        </span>
      )}
      {handled > 0 && (
        <span className="run-progress__handled" data-testid="run-progress-handled">
          — {handledFailuresText(handled)}
        </span>
      )}
      <span className="run-progress__count" data-testid="run-progress-count">
        {p.done} / {p.total}
      </span>
      <div
        className="run-progress__bar"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="run-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      {p.failed > 0 && handled === 0 && (
        <span className="run-progress__failed" data-testid="run-progress-failed">
          {p.failed} failed
        </span>
      )}
      <span className="run-progress__elapsed" data-testid="run-progress-elapsed">
        {formatDuration(elapsed)}
      </span>
      {source && <span className="run-progress__source">{source}</span>}
    </div>
  );
}
