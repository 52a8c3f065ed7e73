import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { STATUS_COLORS } from '../../engine/index.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { taskRunStateOf } from '../store/runSlice.ts';
import { formatDuration, taskDurationMs } from '../run/durations.ts';
import { DECIDES_MARK, type TaskNode } from './documentToFlow.ts';
import { MapBadge, MapProgress } from './MapProgress.tsx';

const selectHorizontal = (s: AppState) => s.layoutDirection === 'LR';
/**
 * Below this zoom the meta line (status text, attempts, duration) is unreadable; leaving it out
 * means a status change only recolours a node instead of laying it out again, which is what keeps
 * a zoomed-out 1,000-task run smooth.
 */
const DETAIL_FROM_ZOOM = 0.45;
const selectDetailed = (s: ReactFlowState) => s.transform[2] >= DETAIL_FROM_ZOOM;

/**
 * One task on the canvas. Its run status comes from the run slice through a per-node selector,
 * so an event re-renders only the nodes whose state changed. Names render as text nodes (React
 * escapes them), never as markup.
 */
function TaskNodeViewImpl({ data, selected }: NodeProps<TaskNode>) {
  const horizontal = useAppStore(selectHorizontal);
  const detailed = useStore(selectDetailed);
  const state = useAppStore(
    useCallback((s: AppState) => taskRunStateOf(s, data.name), [data.name]),
  );
  const status = state?.status ?? 'pending';
  const attempts = state?.attempts ?? 0;
  const showAttempts = attempts > 1 || status === 'retrying';
  const ms =
    state && (status === 'completed' || status === 'failed')
      ? taskDurationMs(state, state.finishedAt ?? 0)
      : undefined;
  const duration = ms !== undefined ? formatDuration(ms) : null;
  return (
    <div
      className={`task-node task-node--${status}${data.mapOver !== undefined ? ' task-node--mapped' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="task-node"
      data-task-name={data.name}
      data-status={status}
      data-attempts={attempts}
      data-restored={state?.restored ? 'true' : undefined}
      style={{ '--status-color': STATUS_COLORS[status] } as React.CSSProperties}
      title={data.description ?? data.name}
    >
      <Handle type="target" position={horizontal ? Position.Left : Position.Top} />
      <div className="task-node__status" role="img" aria-label={`Status: ${status}`} />
      <div className="task-node__body">
        <div className="task-node__title">
          <div className="task-node__name">{data.name}</div>
          {data.mapOver !== undefined && <MapBadge over={data.mapOver} />}
        </div>
        {detailed && (
          <div className="task-node__meta">
            <span className="task-node__state">{status}</span>
            {showAttempts && <span data-testid="task-attempts">attempt {attempts}</span>}
            {duration && <span data-testid="task-duration">{duration}</span>}
          </div>
        )}
        {state?.map && <MapProgress summary={state.map} showText={detailed} />}
      </div>
      {data.decides && (
        <span
          className="task-node__decides"
          data-testid="task-decides"
          role="img"
          aria-label={data.decides === 'branch' ? 'Branch task' : 'Short-circuit task'}
          title={
            data.decides === 'branch'
              ? 'Branch: its result chooses which tasks below it run'
              : 'Short circuit: a falsy result skips every task below it'
          }
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
              d={DECIDES_MARK[data.decides]}
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
            />
          </svg>
        </span>
      )}
      <Handle type="source" position={horizontal ? Position.Right : Position.Bottom} />
    </div>
  );
}

export const TaskNodeView = memo(TaskNodeViewImpl);
