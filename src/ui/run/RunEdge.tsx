import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { EdgeDeleteButton } from '../canvas/EdgeDeleteButton.tsx';
import type { AppState } from '../store/appStore.ts';
import { useAppStore } from '../store/appStore.ts';
import { taskRunStateOf } from '../store/runSlice.ts';
import { useEdgeNotTaken } from './edgeNotTaken.ts';

/**
 * Above this many tasks edges stop animating: a moving dash repaints the whole edge layer every
 * frame, which costs more than it tells on a graph that size (node colours still show progress).
 */
export const ANIMATED_EDGES_UP_TO = 300;

/** A dependency edge; it animates while its upstream task runs (one selector per edge). */
function RunEdgeImpl(props: EdgeProps) {
  const { source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } =
    props;
  const flowing = useAppStore(
    useCallback(
      (s: AppState) => {
        if (s.nodes.length > ANIMATED_EDGES_UP_TO) return false;
        const status = taskRunStateOf(s, source)?.status;
        return status === 'running' || status === 'retrying';
      },
      [source],
    ),
  );
  const notTaken = useEdgeNotTaken(source, props.target);
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={`run-edge${flowing ? ' run-edge--flowing' : ''}${notTaken ? ' run-edge--not-taken' : ''}`}
        style={props.style}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
        {...(props.markerStart ? { markerStart: props.markerStart } : {})}
        {...(props.interactionWidth !== undefined
          ? { interactionWidth: props.interactionWidth }
          : {})}
      />
      {props.selected && (
        <EdgeDeleteButton upstream={source} downstream={target} x={labelX} y={labelY} />
      )}
    </>
  );
}

export const RunEdge = memo(RunEdgeImpl);
