import { MiniMap } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { STATUS_COLORS, type TaskRunState } from '../../engine/index.ts';
import { CanvasMiniMap } from '../canvas/CanvasMiniMap.tsx';
import type { TaskNode } from '../canvas/documentToFlow.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectShownRun } from '../store/runSlice.ts';

type Tasks = Readonly<Record<string, TaskRunState>> | null;

const selectTasks = (s: AppState): Tasks => selectShownRun(s)?.tasks ?? null;

/** Recolouring every minimap node is O(tasks): at most this often while a run is going. */
const recolourEveryMs = (tasks: number) => (tasks > 300 ? 1000 : 250);

/** The run's task states, followed at most every so often (at once when the run settles). */
function useThrottledTasks(): Tasks {
  const [tasks, setTasks] = useState<Tasks>(() => selectTasks(useAppStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      timer = undefined;
      setTasks(selectTasks(useAppStore.getState()));
    };
    const unsubscribe = useAppStore.subscribe((state, prev) => {
      const next = selectTasks(state);
      if (next === selectTasks(prev)) return;
      if (state.run?.status !== 'running') {
        clearTimeout(timer);
        update();
      } else {
        timer ??= setTimeout(update, recolourEveryMs(state.nodes.length));
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return tasks;
}

/** Above this many tasks the minimap is drawn on a canvas instead of one SVG element per node. */
export const CANVAS_MINIMAP_FROM = 500;

const selectBig = (s: AppState) => s.nodes.length > CANVAS_MINIMAP_FROM;

/**
 * The minimap, each node coloured by its status in the run on the canvas. `onCanvas`: the canvas
 * draws an overview (React Flow's nodes are hidden, which its own minimap leaves out).
 */
export function RunMiniMap({ onCanvas = false }: { onCanvas?: boolean }) {
  const tasks = useThrottledTasks();
  const big = useAppStore(selectBig);
  const nodeColor = useCallback(
    (node: TaskNode) => STATUS_COLORS[tasks?.[node.data.name]?.status ?? 'pending'],
    [tasks],
  );
  if (big || onCanvas) return <CanvasMiniMap nodeColor={nodeColor} />;
  return <MiniMap<TaskNode> nodeColor={nodeColor} pannable zoomable ariaLabel="Minimap" />;
}
