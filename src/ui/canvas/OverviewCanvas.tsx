import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectShownRun } from '../store/runSlice.ts';
import { themeColors } from '../theme/themeColors.ts';
import type { TaskNode } from './documentToFlow.ts';
import { hitTask, type Box } from './overviewModel.ts';
import { paintEdges, paintTasks, prepare, type OverviewScene } from './paintOverview.ts';
import { boxesOf, viewOf } from './useOverview.ts';

const selectCount = (s: AppState) => s.nodes.length;
const tasksOf = (s: AppState) => selectShownRun(s)?.tasks;

/** The scene of the document as the store has it: boxes, edges as index pairs, the selection. */
function sceneOf(s: AppState): OverviewScene {
  const boxes = boxesOf(s.nodes);
  const index = new Map(boxes.map((b, i) => [b.name, i]));
  const edges: [number, number][] = [];
  for (const e of s.edges) {
    const from = index.get(e.source);
    const to = index.get(e.target);
    if (from !== undefined && to !== undefined) edges.push([from, to]);
  }
  const selected = new Set<string>();
  for (const n of s.nodes as TaskNode[]) if (n.selected) selected.add(n.id);
  return { boxes, edges, horizontal: s.layoutDirection === 'LR', selected };
}

/**
 * Paints the overview whenever the viewport, the document or the run's statuses change: at most
 * once a frame, and a status change repaints only the tasks' layer (the edges stay). No React
 * render is involved, so a run's events cost a canvas repaint, not a commit.
 */
function useOverviewPaint(
  edgesCanvas: React.RefObject<HTMLCanvasElement | null>,
  tasksCanvas: React.RefObject<HTMLCanvasElement | null>,
  colorMode: string,
): void {
  const flow = useStoreApi<TaskNode>();
  useEffect(() => {
    // Read at the first paint: the app sets the new theme on <html> in an effect that runs after
    // this one (a parent's), and a frame later it is in force.
    let theme: ReturnType<typeof themeColors> | null = null;
    const names = new Map<string, string>();
    let scene: OverviewScene | null = null;
    let frame = 0;
    let edgesDirty = true;
    const paint = () => {
      frame = 0;
      const state = useAppStore.getState();
      const view = viewOf(flow.getState());
      scene ??= sceneOf(state);
      theme ??= themeColors();
      if (edgesDirty && edgesCanvas.current) {
        const context = prepare(edgesCanvas.current, view);
        if (context) paintEdges(context, scene, view, theme);
      }
      edgesDirty = false;
      const el = tasksCanvas.current;
      const context = el && prepare(el, view);
      if (!el || !context) return;
      const tasks = tasksOf(state);
      const counts = paintTasks(
        context,
        scene,
        view,
        theme,
        (name) => tasks?.[name]?.status ?? 'pending',
        names,
      );
      el.dataset.drawn = Object.entries(counts)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ');
    };
    const schedule = (edges: boolean) => {
      edgesDirty ||= edges;
      frame ||= requestAnimationFrame(paint);
    };
    const offView = flow.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height)
        schedule(true);
    });
    const offStore = useAppStore.subscribe((s, prev) => {
      if (
        s.nodes !== prev.nodes ||
        s.edges !== prev.edges ||
        s.layoutDirection !== prev.layoutDirection
      ) {
        scene = null;
        schedule(true);
      } else if (tasksOf(s) !== tasksOf(prev)) schedule(false);
    });
    schedule(true);
    return () => {
      cancelAnimationFrame(frame);
      offView();
      offStore();
    };
  }, [flow, edgesCanvas, tasksCanvas, colorMode]);
}

interface Tip {
  name: string;
  x: number;
  y: number;
}

/**
 * Pointer on the overview: hovering a task names it in a tooltip, a click selects it (outlined;
 * the Inspector or the run's task details show it) and keeps the overview; a double-click zooms
 * in there (FlowCanvas). Listens on React Flow's pane, so dragging still pans and the wheel zooms.
 */
function useOverviewPointer(): Tip | null {
  const flow = useStoreApi<TaskNode>();
  const [tip, setTip] = useState<Tip | null>(null);
  useEffect(() => {
    const pane = flow.getState().domNode?.querySelector<HTMLElement>('.react-flow__pane');
    if (!pane) return;
    // The tasks' boxes, made again only when the nodes change (not on every pointer move).
    let cached: { nodes: readonly TaskNode[]; boxes: Box[] } | null = null;
    const boxesNow = () => {
      const { nodes } = useAppStore.getState();
      if (cached?.nodes !== nodes) cached = { nodes, boxes: boxesOf(nodes) };
      return cached.boxes;
    };
    const taskAt = (event: MouseEvent) => {
      const rect = pane.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      const name = hitTask(boxesNow(), viewOf(flow.getState()), x, y);
      return name === null ? null : { name, x, y };
    };
    const onMove = (event: PointerEvent) => {
      const hit = event.buttons === 0 ? taskAt(event) : null;
      pane.style.cursor = hit ? 'pointer' : '';
      setTip((old) => (old?.name === hit?.name ? old : hit));
    };
    const onLeave = () => setTip(null);
    const onClick = (event: MouseEvent) => {
      const hit = taskAt(event);
      if (!hit) return;
      // After React Flow's own pane click (dispatched by React at the root, after this listener),
      // which clears the selection.
      setTimeout(() => useAppStore.getState().setSelection(new Set([hit.name])));
    };
    pane.addEventListener('pointermove', onMove);
    pane.addEventListener('pointerleave', onLeave);
    pane.addEventListener('click', onClick);
    return () => {
      pane.style.cursor = '';
      pane.removeEventListener('pointermove', onMove);
      pane.removeEventListener('pointerleave', onLeave);
      pane.removeEventListener('click', onClick);
    };
  }, [flow]);
  return tip;
}

/**
 * A big graph zoomed out past legibility, drawn on canvases instead of thousands of task-node
 * elements: edges, then tasks in their status colours (names once legible). Zooming in (wheel,
 * double-click) brings the nodes back; Ctrl+K and the arrow keys zoom in to the task they go to.
 */
export function OverviewCanvas({ colorMode }: { colorMode: 'light' | 'dark' }) {
  const edges = useRef<HTMLCanvasElement>(null);
  const tasks = useRef<HTMLCanvasElement>(null);
  const count = useAppStore(selectCount);
  useOverviewPaint(edges, tasks, colorMode);
  const tip = useOverviewPointer();
  return (
    <div className="canvas-overview">
      <canvas ref={edges} aria-hidden="true" />
      <canvas
        ref={tasks}
        role="img"
        data-testid="canvas-overview"
        aria-label={`${count.toLocaleString('en-US')} tasks drawn as an overview; zoom in or use Ctrl+K to find a task`}
      />
      {tip && (
        <div
          className="canvas-overview__tip"
          role="tooltip"
          data-testid="overview-tooltip"
          style={{ left: tip.x + 12, top: tip.y + 14 }}
        >
          {tip.name}
        </div>
      )}
    </div>
  );
}
