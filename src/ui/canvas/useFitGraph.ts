import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { useAppStore } from '../store/appStore.ts';
import type { TaskNode } from './documentToFlow.ts';
import { FIT_OPTIONS } from './fitOptions.ts';
import { showOverview } from './overviewModel.ts';
import { beforeOverview, boxesOf } from './useOverview.ts';

const OPEN_MARGIN = { left: 56, top: 72 };

export interface FitRequest {
  /** Frame only the first N tasks (document order) — how a big graph opens. */
  first?: number;
  /** Never zoom out further than this (default: the canvas minimum). */
  minZoom?: number;
  animate?: boolean;
}

/**
 * Frames the graph. React Flow's own `fitView` waits until every node has been measured, which
 * never happens on a big graph that only renders what is in view (the button did nothing); this
 * computes the viewport from the nodes' measured or estimated sizes and sets it at once.
 */
export function useFitGraph(): (request?: FitRequest) => void {
  const { getNodesBounds, setViewport } = useReactFlow<TaskNode>();
  const store = useStoreApi<TaskNode>();
  return useCallback(
    (request = {}) => {
      const all = useAppStore.getState().nodes;
      const { width, height, minZoom } = store.getState();
      if (all.length === 0) {
        void setViewport({ x: 40, y: 40, zoom: 1 });
        return;
      }
      const nodes = request.first ? all.slice(0, request.first) : all;
      const bounds = getNodesBounds(nodes.map((n) => n.id));
      const viewport = getViewportForBounds(
        bounds,
        width,
        height,
        request.minZoom ?? minZoom,
        FIT_OPTIONS.maxZoom,
        FIT_OPTIONS.padding,
      );
      if (request.first) {
        // Opening on the first tasks: anchor them at the top-left, below the toolbar.
        viewport.x = OPEN_MARGIN.left - bounds.x * viewport.zoom;
        viewport.y = OPEN_MARGIN.top - bounds.y * viewport.zoom;
      }
      // Onto the overview: nodes hidden first, and no animation (its frames between a readable
      // zoom and the overview would mount and measure hundreds of nodes only to drop them).
      if (showOverview({ ...viewport, width, height }, boxesOf(all), false))
        beforeOverview(() => void setViewport(viewport));
      else void setViewport(viewport, request.animate ? { duration: 200 } : undefined);
    },
    [getNodesBounds, setViewport, store],
  );
}
