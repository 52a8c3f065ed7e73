import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import type { StateCreator } from 'zustand';
import type { WorkflowDocument } from '../../engine/index.ts';
import { documentToFlow, type TaskNode } from '../canvas/documentToFlow.ts';
import type { AppState } from './appStore.ts';

/** The workflow on the canvas: its document and the React Flow view of it. */
export interface FlowSlice {
  document: WorkflowDocument;
  nodes: TaskNode[];
  edges: Edge[];
  loadDocument: (doc: WorkflowDocument) => void;
  onNodesChange: (changes: NodeChange<TaskNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
}

export const createFlowSlice =
  (initial: WorkflowDocument): StateCreator<AppState, [], [], FlowSlice> =>
  (set) => ({
    document: initial,
    ...documentToFlow(initial),
    loadDocument: (doc) => set({ document: doc, ...documentToFlow(doc) }),
    onNodesChange: (changes) => set((s) => ({ nodes: applyNodeChanges(changes, s.nodes) })),
    onEdgesChange: (changes) => set((s) => ({ edges: applyEdgeChanges(changes, s.edges) })),
  });
