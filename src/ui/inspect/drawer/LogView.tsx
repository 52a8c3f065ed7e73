import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../engine/index.ts';
import { getAppStateStore } from '../../persistence/appStateStore.ts';
import type { RunView } from '../../store/runSlice.ts';

const EMPTY: readonly LogLine[] = [];

function timeOf(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Log lines of a task: live ones from the run slice, stored ones (history) from the state store. */
function useTaskLogs(run: RunView, task: string): { lines: readonly LogLine[]; loading: boolean } {
  const live = run.source !== 'history';
  const [stored, setStored] = useState<{ key: string; lines: readonly LogLine[] } | null>(null);
  const key = `${run.workflowId}\u0000${run.runId}\u0000${task}`;
  useEffect(() => {
    if (live) return;
    let cancelled = false;
    getAppStateStore()
      .then(({ store }) => store.getLogs(run.workflowId, run.runId, task))
      .then(
        (lines) => !cancelled && setStored({ key, lines }),
        () => !cancelled && setStored({ key, lines: EMPTY }),
      );
    return () => {
      cancelled = true;
    };
  }, [live, key, run.workflowId, run.runId, task]);
  if (live) return { lines: run.logs[task] ?? EMPTY, loading: false };
  return stored?.key === key
    ? { lines: stored.lines, loading: false }
    : { lines: EMPTY, loading: true };
}

/** A task's log, virtualised (only visible lines are in the DOM) and following the tail. */
export function LogView({ run, task }: { run: RunView; task: string }) {
  const { lines, loading } = useTaskLogs(run, task);
  const dropped = run.droppedLogs[task] ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 18,
    overscan: 12,
  });
  useEffect(() => {
    if (stick.current && lines.length > 0)
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, virtualizer]);

  if (loading) return <p className="panel__hint">Loading logs…</p>;
  return (
    <div className="log-view" data-testid="task-logs">
      {dropped > 0 && (
        <p className="log-view__dropped" data-testid="logs-dropped">
          {dropped.toLocaleString()} earlier {dropped === 1 ? 'line' : 'lines'} dropped
        </p>
      )}
      {lines.length === 0 ? (
        <p className="panel__hint">No log lines.</p>
      ) : (
        <div
          className="log-view__scroll"
          ref={scrollRef}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className={`log-line log-line--${line.level}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <span className="log-line__time">{timeOf(line.ts)}</span>
                  <span className="log-line__level">{line.level}</span>
                  <span className="log-line__msg">{line.message}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
