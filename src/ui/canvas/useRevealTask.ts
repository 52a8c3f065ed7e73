import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { nodeRect } from '../commands/editCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import type { TaskNode } from './documentToFlow.ts';
import { focusNode } from './focusNode.ts';
import { showOverview } from './overviewModel.ts';
import { boxesOf, viewOf } from './useOverview.ts';

/** Zoom a jump to a task brings the view up to, so its name is readable. */
const READABLE_ZOOM = 0.8;

/**
 * Brings a task into view and gives its node the keyboard focus. `centre`: always centre the view
 * on it (a jump from the palette), at a readable zoom; otherwise move the view, keeping the zoom,
 * only when the task is not wholly in view (the arrow keys). React Flow's own pan-on-focus cannot
 * do this on a big graph: a node out of view is not drawn there, so it cannot take the focus. On
 * the overview of a big graph (tasks drawn on a canvas) it always zooms in to the task: there is
 * no node to focus until the view is close enough to draw them.
 */
export function useRevealTask(): (name: string, centre?: boolean) => void {
  const { setCenter } = useReactFlow<TaskNode>();
  const store = useStoreApi<TaskNode>();
  return useCallback(
    (name, centre = false) => {
      const node = useAppStore.getState().nodes.find((n) => n.id === name);
      if (!node) return;
      const r = nodeRect(node);
      const { transform, width, height } = store.getState();
      const [tx, ty, zoom] = transform;
      const overview = showOverview(
        viewOf({ transform, width, height }),
        boxesOf(useAppStore.getState().nodes),
        true,
      );
      const inView =
        r.x * zoom + tx >= 0 &&
        r.y * zoom + ty >= 0 &&
        (r.x + r.width) * zoom + tx <= width &&
        (r.y + r.height) * zoom + ty <= height;
      if (centre || overview || !inView) {
        const z = centre || overview ? Math.max(zoom, READABLE_ZOOM) : zoom;
        void setCenter(r.x + r.width / 2, r.y + r.height / 2, { zoom: z });
      }
      focusNode(name);
    },
    [setCenter, store],
  );
}
