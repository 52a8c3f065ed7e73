import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LogLine, TaskRunState } from '../../../engine/index.ts';
import { getAppStateStore } from '../../persistence/appStateStore.ts';
import type { RunView } from '../../store/runSlice.ts';
import { shortRunId } from '../shared/format.ts';
import { whereTaskRan, type TaskLogSource } from './taskLogSource.ts';

const EMPTY: readonly LogLine[] = [];

function timeOf(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

interface StoredLogs {
  key: string;
  lines: readonly LogLine[];
  /** The run the lines were logged in, when it is not the run shown. */
  source?: TaskLogSource;
}

/**
 * Log lines of a task (or of a mapped task's instance: `task` is then its `instanceKey` and
 * `shownState` its state): live ones from the run slice; stored ones (history, and a task restored
 * from an earlier attempt, which logs nothing in this one) from the state store, read from the
 * run where the task ran.
 */
function useTaskLogs(
  run: RunView,
  task: string,
  shownState: Pick<TaskRunState, 'restored'> | undefined,
): { lines: readonly LogLine[]; loading: boolean; source?: TaskLogSource } {
  const state = shownState ?? run.tasks[task];
  const live = run.source !== 'history' && state?.restored !== true;
  const [stored, setStored] = useState<StoredLogs | null>(null);
  const key = `${run.workflowId}\u0000${run.runId}\u0000${task}`;
  const { workflowId, runId, retryOf } = run;
  useEffect(() => {
    if (live) return;
    let cancelled = false;
    getAppStateStore()
      .then(async ({ store }): Promise<StoredLogs> => {
        const source = await whereTaskRan(store, { workflowId, runId, retryOf, state }, task);
        const lines = source.stored ? await store.getLogs(workflowId, source.runId, task) : EMPTY;
        return { key, lines, ...(source.runId !== runId ? { source } : {}) };
      })
      .then(
        (logs) => !cancelled && setStored(logs),
        () => !cancelled && setStored({ key, lines: EMPTY }),
      );
    return () => {
      cancelled = true;
    };
  }, [live, key, workflowId, runId, retryOf, state, task]);
  if (live) return { lines: run.logs[task] ?? EMPTY, loading: false };
  return stored?.key === key
    ? { lines: stored.lines, loading: false, ...(stored.source ? { source: stored.source } : {}) }
    : { lines: EMPTY, loading: true };
}

/** Says that the lines come from the earlier run the task was restored from. */
function SourceNote({ source }: { source: TaskLogSource }) {
  const id = shortRunId(source.runId);
  return (
    <p className="panel__hint" data-testid="logs-source">
      {source.stored
        ? `Logged in run ${id}, where this task ran (this run restored its result).`
        : `This task ran in run ${id}, which was deleted with its logs.`}
    </p>
  );
}

/** A task's log, virtualised (only visible lines are in the DOM) and following the tail. */
export function LogView({
  run,
  task,
  state,
}: {
  run: RunView;
  /** The task's name, or a mapped task instance's `instanceKey`. */
  task: string;
  /** The state shown for it (defaults to the run's state of `task`). */
  state?: Pick<TaskRunState, 'restored'> | undefined;
}) {
  const { lines, loading, source } = useTaskLogs(run, task, state);
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
      {source && <SourceNote source={source} />}
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
