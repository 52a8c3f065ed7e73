import { Position, useReactFlow, type OnConnectEnd } from '@xyflow/react';
import { useCallback } from 'react';
import { addConnectedTask, connect } from '../commands/editCommands.ts';
import { focusNewTaskName } from '../inspector/nameFocus.ts';
import { ESTIMATED_SIZE } from './documentToFlow.ts';

const SNAP = 16;
const snap = (v: number) => Math.round(v / SNAP) * SNAP;

/** Where the pointer was released: the touch that ended, or the mouse. */
function releasePoint(event: MouseEvent | TouchEvent): { x: number; y: number } {
  const p = 'changedTouches' in event ? event.changedTouches[0]! : event;
  return { x: p.clientX, y: p.clientY };
}

/**
 * A connection line released somewhere other than on a valid handle (React Flow has already
 * called onConnect for those):
 * - on another task's body (or on a handle of it that does not fit): connects to that task, in
 *   the direction the line was drawn; a loop is refused with the usual message;
 * - on empty canvas: adds a task there, already connected, selected and ready to be named.
 */
export function useConnectEnd(): OnConnectEnd {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback<OnConnectEnd>(
    (event, state) => {
      if (state.isValid === true || !state.fromNode || !state.fromHandle) return;
      const from = state.fromNode.id;
      const fromOutput = state.fromHandle.type === 'source';
      const point = releasePoint(event);
      const under = document.elementFromPoint(point.x, point.y);
      const node = under?.closest<HTMLElement>('.react-flow__node');
      if (node) {
        const other = node.dataset.id;
        if (other === undefined || other === from) return;
        if (fromOutput) connect(from, other);
        else connect(other, from);
        return;
      }
      // Inside a handle's radius but not on a task (isValid false): nothing to add there.
      if (state.isValid === false || !under?.classList.contains('react-flow__pane')) return;
      const p = screenToFlowPosition(point);
      // The new task's free end sits at the drop: its input there when it follows, its output when
      // it leads; centred across the line's direction.
      const { width, height } = ESTIMATED_SIZE;
      const across =
        state.fromHandle.position === Position.Left || state.fromHandle.position === Position.Right;
      const position = across
        ? { x: fromOutput ? p.x : p.x - width, y: p.y - height / 2 }
        : { x: p.x - width / 2, y: fromOutput ? p.y : p.y - height };
      const name = addConnectedTask(from, fromOutput ? 'downstream' : 'upstream', {
        x: snap(position.x),
        y: snap(position.y),
      });
      focusNewTaskName(name);
    },
    [screenToFlowPosition],
  );
}
