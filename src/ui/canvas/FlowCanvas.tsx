import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type DefaultEdgeOptions,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type DragEvent, type MouseEvent } from 'react';
import { addTaskAt, commitMove, connect } from '../commands/editCommands.ts';
import { importFile } from '../io/importCommands.ts';
import { RunEdge } from '../run/RunEdge.tsx';
import { RunMiniMap } from '../run/RunMiniMap.tsx';
import { useAppStore } from '../store/appStore.ts';
import { selectEdges, selectNodes } from '../store/selectors.ts';
import type { AppState } from '../store/appStore.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { EdgeScale } from './EdgeScale.tsx';
import { EmptyCanvasHint } from './EmptyCanvasHint.tsx';
import { FIT_OPTIONS } from './fitOptions.ts';
import { OverviewCanvas } from './OverviewCanvas.tsx';
import { useConnectEnd } from './useConnectEnd.ts';
import { useFitGraph } from './useFitGraph.ts';
import { useOverview } from './useOverview.ts';
import { useRemeasureNodes } from './useRemeasureNodes.ts';
import type { TaskNode } from './documentToFlow.ts';
import { TaskNodeView } from './TaskNodeView.tsx';

const selectFitRequest = (s: AppState) => s.fitRequest;
const selectDirection = (s: AppState) => s.layoutDirection;
const selectDocumentId = (s: AppState) => s.document.id;
/** A past run is shown: the canvas can be inspected, not edited. */
const selectReadOnly = (s: AppState) => s.run?.source === 'history';
const nodeTypes: NodeTypes = { task: TaskNodeView };
/** Every edge is the default type: this one animates while its upstream task runs. */
const edgeTypes: EdgeTypes = { default: RunEdge };
/**
 * Every edge ends in an arrowhead. No marker colour: the arrow takes its edge's stroke through CSS
 * (`context-stroke`), so it follows the edge's class (resting, hovered, selected) in both themes.
 */
const DEFAULT_EDGE_OPTIONS: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};
const SNAP: [number, number] = [16, 16];
/** Below this, culling costs more than it saves; above it only visible elements render. */
const VIRTUALISE_FROM = 300;
/** How many tasks (in document order) a big graph opens on. */
const OPEN_ON_FIRST = 12;
/** …and never smaller than this zoom, so names stay readable. */
const OPEN_MIN_ZOOM = 0.6;
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];
/**
 * How far out the canvas zooms. Far enough to show 5,000 tasks at once: that far out the tasks are
 * drawn as an overview on a canvas (OverviewCanvas), not as thousands of elements.
 */
const MIN_ZOOM = 0.02;
/** Zoom a double-click on the overview goes to (names readable). */
const ZOOM_IN_TO = 0.8;
const NO_EDGES: never[] = [];
/** A node React Flow keeps (position, measured size, handles) but does not draw. */
const hide = (n: TaskNode): TaskNode => (n.hidden ? n : { ...n, hidden: true });
const onNodesChange = (changes: NodeChange<TaskNode>[]) =>
  useAppStore.getState().onNodesChange(changes);
const onEdgesChange = (changes: EdgeChange[]) => useAppStore.getState().onEdgesChange(changes);
const onConnect = (c: Connection) => void connect(c.source, c.target);
const onNodeDragStop: OnNodeDrag<TaskNode> = (_event, _node, dragged) => commitMove(dragged);

function onDragOver(event: DragEvent) {
  if (event.dataTransfer.types.includes('Files')) event.preventDefault();
}

function onDrop(event: DragEvent) {
  const file = event.dataTransfer.files[0];
  if (!file) return;
  event.preventDefault();
  void importFile(file);
}

/** The editable DAG canvas. Only visible nodes render; drags touch the view until they end. */
export function FlowCanvas({ colorMode }: { colorMode: 'light' | 'dark' }) {
  const nodes = useAppStore(selectNodes);
  const edges = useAppStore(selectEdges);
  const fitRequest = useAppStore(selectFitRequest);
  const readOnly = useAppStore(selectReadOnly);
  const { screenToFlowPosition, setCenter } = useReactFlow();
  // Zoomed out past legibility with many tasks in view, the tasks are drawn on a canvas: React Flow
  // keeps every node (hidden, so none is mounted) and gets no edges to draw.
  const overview = useOverview(nodes);
  const shownNodes = useMemo(() => (overview ? nodes.map(hide) : nodes), [overview, nodes]);
  const fitGraph = useFitGraph();
  const direction = useAppStore(selectDirection);
  const remeasure = useRemeasureNodes();
  const onConnectEnd = useConnectEnd();
  const drawnDirection = useRef(direction);
  const documentId = useAppStore(selectDocumentId);
  const drawnDocument = useRef(documentId);
  useEffect(() => {
    // React Flow measures a node's handles only when its size changes. When the direction changes
    // the drawn nodes' handles move to other sides, and when another workflow opens, nodes of tasks
    // named as the last one's are drawn again in the same elements (a duplicate: all of them) and
    // keep the estimated handles: either way edges would leave from the wrong spots (loops) until
    // the canvas is told to measure.
    const directionChanged = drawnDirection.current !== direction;
    const documentChanged = drawnDocument.current !== documentId;
    if (!directionChanged && !documentChanged) return;
    drawnDirection.current = direction;
    drawnDocument.current = documentId;
    const stale = useAppStore
      .getState()
      .nodes.filter((n) => (documentChanged ? Boolean(n.handles) : !n.handles));
    remeasure(stale.map((n) => n.id));
  }, [direction, documentId, remeasure]);
  useEffect(() => {
    if (fitRequest === 0) return;
    const frame = requestAnimationFrame(() => {
      const count = useAppStore.getState().nodes.length;
      // A big graph opens on its first tasks at a readable zoom: fitting thousands would mount
      // every node at once (seconds of main-thread work); the minimap shows the whole.
      if (count > VIRTUALISE_FROM) fitGraph({ first: OPEN_ON_FIRST, minZoom: OPEN_MIN_ZOOM });
      else fitGraph();
    });
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, fitGraph]);
  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      if (!(event.target as Element).classList.contains('react-flow__pane')) return;
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // On the overview a double-click zooms in there: a new task would be too small to see. At
      // once: an animation's frames just past the overview would mount hundreds of nodes.
      if (overview) {
        void setCenter(p.x, p.y, { zoom: ZOOM_IN_TO });
        return;
      }
      addTaskAt({ x: Math.round(p.x / SNAP[0]) * SNAP[0], y: Math.round(p.y / SNAP[1]) * SNAP[1] });
    },
    [screenToFlowPosition, setCenter, overview],
  );
  return (
    <div
      className="flow-canvas"
      onDoubleClick={onDoubleClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<TaskNode>
        nodes={shownNodes}
        edges={overview ? NO_EDGES : edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        defaultMarkerColor={null}
        onNodeDragStop={onNodeDragStop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        colorMode={colorMode}
        deleteKeyCode={null}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        zoomOnDoubleClick={false}
        snapToGrid
        snapGrid={SNAP}
        onlyRenderVisibleElements={nodes.length > VIRTUALISE_FROM}
        minZoom={MIN_ZOOM}
        fitView
        fitViewOptions={FIT_OPTIONS}
        proOptions={{ hideAttribution: true }}
        aria-label="Workflow canvas"
      >
        <Background gap={SNAP[0]} />
        <CanvasToolbar />
        <EmptyCanvasHint />
        <EdgeScale />
        <Controls aria-label="Zoom controls" />
        <RunMiniMap onCanvas={overview} />
        {overview && <OverviewCanvas colorMode={colorMode} />}
      </ReactFlow>
    </div>
  );
}
