import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { addTaskAt } from '../commands/editCommands.ts';

const GRID = 16;

/** Adds a task in the upper middle of the visible canvas, snapped to the grid. */
export function useAddTaskAtCenter(): () => void {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => {
    const rect = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = rect
      ? screenToFlowPosition({ x: rect.left + rect.width / 2 - 90, y: rect.top + rect.height / 3 })
      : { x: 0, y: 0 };
    addTaskAt({ x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID });
  }, [screenToFlowPosition]);
}
