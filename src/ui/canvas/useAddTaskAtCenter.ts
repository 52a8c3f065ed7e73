import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { addTaskNear } from '../commands/editCommands.ts';

/** Screen pixels of the canvas kept out of the visible area: the toolbar on top, a margin. */
const INSET = { top: 64, side: 16 };

/**
 * Adds a task beside the selection, or with nothing selected around the middle of the visible
 * canvas; either way on free space in view, never on another task. Given `downstreamOf`, the new
 * task depends on that one.
 */
export function useAddTaskAtCenter(): (downstreamOf?: string) => void {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(
    (downstreamOf?: string) => {
      const rect = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!rect) {
        addTaskNear({ x: 0, y: 0, width: 0, height: 0 }, downstreamOf);
        return;
      }
      const from = screenToFlowPosition({ x: rect.left + INSET.side, y: rect.top + INSET.top });
      const to = screenToFlowPosition({
        x: rect.right - INSET.side,
        y: rect.bottom - INSET.side,
      });
      addTaskNear(
        { x: from.x, y: from.y, width: to.x - from.x, height: to.y - from.y },
        downstreamOf,
      );
    },
    [screenToFlowPosition],
  );
}
