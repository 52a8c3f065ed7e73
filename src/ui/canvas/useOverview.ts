import { useStore, type ReactFlowState } from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { nodeRect } from '../commands/editCommands.ts';
import type { TaskNode } from './documentToFlow.ts';
import { showOverview, type Box, type View } from './overviewModel.ts';

/** React Flow's viewport and pane size. */
export const viewOf = (s: Pick<ReactFlowState, 'transform' | 'width' | 'height'>): View => ({
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
});

/** The boxes of the tasks in document order (measured, else estimated sizes). */
export const boxesOf = (nodes: readonly TaskNode[]): Box[] =>
  nodes.map((n) => ({ name: n.id, ...nodeRect(n) }));

/** The overview asked for ahead of a viewport change that will show it (see `beforeOverview`). */
let ahead = false;
const aheadListeners = new Set<() => void>();
const subscribeAhead = (listener: () => void) => {
  aheadListeners.add(listener);
  return () => aheadListeners.delete(listener);
};
const isAhead = () => ahead;
function setAhead(on: boolean): void {
  ahead = on;
  for (const listener of aheadListeners) listener();
}

/**
 * Runs `move` (a viewport change that lands on the overview) once the nodes are hidden. React
 * Flow renders the new viewport's nodes in the same pass in which the canvas learns it is far
 * out: moved at once, a fit of 5,000 tasks would first mount every one of them (seconds).
 */
export function beforeOverview(move: () => void): void {
  setAhead(true);
  requestAnimationFrame(() => {
    move();
    requestAnimationFrame(() => setAhead(false));
  });
}

/**
 * Whether the canvas draws the tasks as an overview now (see `showOverview`). The component
 * re-renders only when the answer changes, not on every frame of a pan or zoom.
 */
export function useOverview(nodes: readonly TaskNode[]): boolean {
  const forced = useSyncExternalStore(subscribeAhead, isAhead);
  const shown = useRef(false);
  const boxes = useMemo(() => boxesOf(nodes), [nodes]);
  const overview = useStore(
    useCallback((s: ReactFlowState) => showOverview(viewOf(s), boxes, shown.current), [boxes]),
  );
  useLayoutEffect(() => {
    shown.current = overview;
  }, [overview]);
  return overview || forced;
}
