import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STATUS_COLORS } from '../../engine/index.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { TaskNode } from './documentToFlow.ts';

const selectHorizontal = (s: AppState) => s.layoutDirection === 'LR';

/** One task on the canvas. Names render as text nodes (React escapes them), never as markup. */
function TaskNodeViewImpl({ data, selected }: NodeProps<TaskNode>) {
  const horizontal = useAppStore(selectHorizontal);
  return (
    <div
      className={`task-node${selected ? ' is-selected' : ''}`}
      data-testid="task-node"
      data-task-name={data.name}
      data-status={data.status}
      style={{ '--status-color': STATUS_COLORS[data.status] } as React.CSSProperties}
      title={data.description ?? data.name}
    >
      <Handle
        type="target"
        position={horizontal ? Position.Left : Position.Top}
        aria-label={`Inputs of ${data.name}`}
      />
      <div className="task-node__status" aria-label={`Status: ${data.status}`} />
      <div className="task-node__body">
        <div className="task-node__name">{data.name}</div>
        <div className="task-node__meta">{data.status}</div>
      </div>
      <Handle
        type="source"
        position={horizontal ? Position.Right : Position.Bottom}
        aria-label={`Output of ${data.name}`}
      />
    </div>
  );
}

export const TaskNodeView = memo(TaskNodeViewImpl);
