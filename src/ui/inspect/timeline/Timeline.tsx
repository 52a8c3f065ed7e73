import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useState } from 'react';
import { STATUS_COLORS } from '../../../engine/index.ts';
import { useAppStore } from '../../store/appStore.ts';
import { selectShownRun } from '../../store/runSlice.ts';
import { formatClock, isRunActive, taskStatesOf } from '../shared/format.ts';
import { formatDuration, runDurationMs } from '../../run/durations.ts';
import { useElementWidth } from '../shared/useElementWidth.ts';
import { useNow } from '../shared/useNow.ts';
import {
  OUTCOMES,
  OUTCOME_COLORS,
  barGeometry,
  buildTimeline,
  tickLabel,
  tickStep,
  ticks,
  type TimelineBar,
} from './timelineModel.ts';
import './timeline.css';

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 170;
const TICK_SPACING_PX = 90;

interface Hover {
  bar: TimelineBar;
  x: number;
  y: number;
}

function Tooltip({ hover, origin }: { hover: Hover; origin: number }) {
  const { bar } = hover;
  return (
    <div
      className="timeline__tooltip"
      role="tooltip"
      data-testid="timeline-tooltip"
      style={{
        left: hover.x + 14,
        top: hover.y + 14,
        // Near the bottom or right edge of the window, the tooltip opens above or left of the cursor.
        transform: `translate(${hover.x > window.innerWidth - 340 ? 'calc(-100% - 28px)' : '0'}, ${
          hover.y > window.innerHeight - 140 ? 'calc(-100% - 28px)' : '0'
        })`,
      }}
    >
      <strong>{bar.task}</strong> — attempt {bar.attempt}
      <div>
        <span
          className="status-chip__dot"
          style={{ background: OUTCOME_COLORS[bar.outcome] }}
          aria-hidden="true"
        />{' '}
        {bar.outcome}
      </div>
      <div>
        Started {formatClock(bar.start)} (+{formatDuration(bar.start - origin)})
      </div>
      <div>
        Duration {formatDuration(bar.end - bar.start)}
        {bar.running ? ' so far' : ''}
      </div>
      {bar.error && <div className="timeline__tooltip-error">{bar.error}</div>}
    </div>
  );
}

/**
 * The Gantt chart of the shown run: a row per task in start order, a bar per attempt coloured by
 * outcome, live while the run runs. Rows are virtualised, so 1,000 tasks keep a small DOM.
 */
export function Timeline() {
  const run = useAppStore(selectShownRun);
  const active = isRunActive(run);
  const now = useNow(active, 250);
  const { ref: scrollRef, element: scrollEl, width } = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<Hover | null>(null);
  const model = useMemo(
    () =>
      run
        ? buildTimeline(taskStatesOf(run), {
            startedAt: run.startedAt,
            ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
            now,
          })
        : null,
    [run, now],
  );
  const rows = model?.rows ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollEl,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  if (!run || !model) {
    return (
      <p className="panel__hint bottom-empty" data-testid="timeline-empty">
        No run is shown. Press Run, or open a past run from the Runs tab.
      </p>
    );
  }
  const trackWidth = Math.max(0, width - LABEL_WIDTH - 16);
  const domain = { start: model.start, end: model.end };
  const span = domain.end - domain.start;
  const maxTicks = Math.max(2, Math.floor(trackWidth / TICK_SPACING_PX));
  const step = tickStep(span, maxTicks);
  const tickOffsets = ticks(span, maxTicks);

  const onMove = (e: React.MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-bar]');
    if (!el) return hover && setHover(null);
    const [r, b] = el.dataset.bar!.split(':').map(Number);
    const bar = rows[r!]?.bars[b!];
    if (bar) setHover({ bar, x: e.clientX, y: e.clientY });
  };

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline__legend" role="group" aria-label="Legend">
        {OUTCOMES.map((o) => (
          <span key={o} className="status-chip">
            <span className="status-chip__dot" style={{ background: OUTCOME_COLORS[o] }} />
            {o}
          </span>
        ))}
        <span className="timeline__summary">
          {rows.length} {rows.length === 1 ? 'task' : 'tasks'} started
          {model.withoutAttempts > 0 ? ` · ${model.withoutAttempts} not started` : ''} ·{' '}
          <span data-testid="timeline-duration" title="The run's duration">
            {formatDuration(runDurationMs(run, now))}
          </span>
        </span>
      </div>
      <div
        className="timeline__scroll"
        ref={scrollRef}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <div className="timeline__axis" style={{ paddingLeft: LABEL_WIDTH }} aria-hidden="true">
          <div className="timeline__ticks" style={{ width: trackWidth }}>
            {tickOffsets.map((t) => (
              <span
                key={t}
                className={`timeline__tick${t / Math.max(1, span) > 0.96 ? ' is-last' : ''}`}
                style={{ left: (t / Math.max(1, span)) * trackWidth }}
              >
                {tickLabel(t, step)}
              </span>
            ))}
          </div>
        </div>
        {rows.length === 0 ? (
          <p className="panel__hint bottom-empty">Waiting for the first task to start…</p>
        ) : (
          <div
            className="timeline__rows"
            style={{ height: virtualizer.getTotalSize() }}
            role="list"
            aria-label="Task attempts"
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={row.task}
                  className="timeline__row"
                  role="listitem"
                  data-testid="timeline-row"
                  data-task={row.task}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <button
                    type="button"
                    className="timeline__label"
                    style={{ width: LABEL_WIDTH }}
                    title={`${row.task} (${row.status}) — select on the canvas`}
                    onClick={() => useAppStore.getState().setSelection(new Set([row.task]))}
                  >
                    <span
                      className="status-chip__dot"
                      style={{ background: STATUS_COLORS[row.status] }}
                      aria-hidden="true"
                    />
                    <span className="timeline__label-text">{row.task}</span>
                  </button>
                  <div className="timeline__track" style={{ width: trackWidth }}>
                    {tickOffsets.map((t) => (
                      <span
                        key={t}
                        className="timeline__grid"
                        style={{ left: (t / Math.max(1, span)) * trackWidth }}
                      />
                    ))}
                    {row.bars.map((bar, b) => {
                      const g = barGeometry(bar, domain, trackWidth, 3);
                      return (
                        <span
                          key={bar.attempt}
                          className={`timeline__bar${bar.running ? ' is-running' : ''}`}
                          data-testid="timeline-bar"
                          data-bar={`${item.index}:${b}`}
                          data-task={row.task}
                          data-attempt={bar.attempt}
                          data-outcome={bar.outcome}
                          role="img"
                          aria-label={`${row.task} attempt ${bar.attempt}: ${bar.outcome}, ${formatDuration(bar.end - bar.start)}`}
                          style={{ left: g.x, width: g.w, background: OUTCOME_COLORS[bar.outcome] }}
                        />
                      );
                    })}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {hover && <Tooltip hover={hover} origin={domain.start} />}
    </div>
  );
}
