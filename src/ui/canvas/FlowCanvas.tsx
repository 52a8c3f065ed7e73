import { Background, Controls, MiniMap, ReactFlow, type NodeTypes } from '@xyflow/react';
import { STATUS_COLORS } from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';
import { selectEdges, selectNodes } from '../store/selectors.ts';
import type { TaskNode } from './documentToFlow.ts';
import { TaskNodeView } from './TaskNodeView.tsx';

const nodeTypes: NodeTypes = { task: TaskNodeView };
const minimapColor = (node: TaskNode) => STATUS_COLORS[node.data.status];
const onNodesChange = (
  changes: Parameters<ReturnType<typeof useAppStore.getState>['onNodesChange']>[0],
) => useAppStore.getState().onNodesChange(changes);

/** The DAG canvas. Read-only for now: select and pan, no edits. */
export function FlowCanvas({ colorMode }: { colorMode: 'light' | 'dark' }) {
  const nodes = useAppStore(selectNodes);
  const edges = useAppStore(selectEdges);
  return (
    <ReactFlow<TaskNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      colorMode={colorMode}
      nodesDraggable={false}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.2 }}
      proOptions={{ hideAttribution: true }}
      aria-label="Workflow canvas"
    >
      <Background gap={16} />
      <Controls aria-label="Zoom controls" />
      <MiniMap<TaskNode> nodeColor={minimapColor} pannable zoomable ariaLabel="Minimap" />
    </ReactFlow>
  );
}
