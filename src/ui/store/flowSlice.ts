import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import type { StateCreator } from 'zustand';
import { mergeRepeatedDependencies, type WorkflowDocument } from '../../engine/index.ts';
import { documentToFlow, withoutEstimates, type TaskNode } from '../canvas/documentToFlow.ts';
import type { AppState } from './appStore.ts';
import { coalesceNext } from './history.ts';

/** How the view should follow a document change (consumed by the store's sync subscriber). */
export interface ViewHint {
  renames?: ReadonlyMap<string, string>;
  /** Names to select afterwards; everything else is deselected. */
  select?: readonly string[];
}

let pendingHint: ViewHint = {};

/** Takes (and clears) the hint left by the last {@link FlowSlice.commit}. */
export function takeViewHint(): ViewHint {
  const hint = pendingHint;
  pendingHint = {};
  return hint;
}

/**
 * The open workflow: its document (the only thing saved and kept in history) and the React
 * Flow view of it (nodes/edges with selection, sizes and in-flight drag positions).
 */
export interface FlowSlice {
  document: WorkflowDocument;
  nodes: TaskNode[];
  edges: Edge[];
  /**
   * The single writer of the document; every edit goes through here. While a past run is shown
   * (read-only) edits are refused with a message; `load` marks opening a workflow, always allowed.
   */
  commit: (doc: WorkflowDocument, hint?: ViewHint & { coalesce?: string; load?: boolean }) => void;
  onNodesChange: (changes: NodeChange<TaskNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  setSelection: (names: ReadonlySet<string>) => void;
}

/** True (and says why) when the canvas shows a past run, which is read-only. */
export function refuseWhileReadOnly(state: AppState): boolean {
  if (state.run?.source !== 'history') return false;
  state.showToast({
    kind: 'info',
    message: 'A past run is shown read-only. Choose “Back to editing” to change the workflow.',
  });
  return true;
}

/**
 * A document being opened, with repeated dependencies merged and a note saying so. Files and links
 * with repeats are refused; a workflow saved before that rule would otherwise draw one edge per
 * entry (a million of them froze the tab on every reopen). The merged document is saved with the
 * next change.
 */
function openable(doc: WorkflowDocument, state: AppState): WorkflowDocument {
  const { document, merged } = mergeRepeatedDependencies(doc);
  if (merged > 0) {
    state.showToast({
      kind: 'info',
      message: `Opened "${doc.name}" with each upstream task listed once: ${merged === 1 ? '1 repeated dependency was' : `${merged.toLocaleString('en-US')} repeated dependencies were`} merged.`,
    });
  }
  return document;
}

export const createFlowSlice =
  (initial: WorkflowDocument): StateCreator<AppState, [], [], FlowSlice> =>
  (set, get) => ({
    document: initial,
    ...documentToFlow(initial),
    commit: (next, hint = {}) => {
      if (next === get().document) return;
      const { coalesce, load, ...view } = hint;
      if (!load && refuseWhileReadOnly(get())) return;
      const doc = load ? openable(next, get()) : next;
      pendingHint = view;
      if (coalesce !== undefined) coalesceNext(coalesce);
      set({ document: doc });
    },
    onNodesChange: (changes) =>
      set((s) => {
        const measured = new Set<string>();
        for (const c of changes) if (c.type === 'dimensions') measured.add(c.id);
        return { nodes: withoutEstimates(applyNodeChanges(changes, s.nodes), measured) };
      }),
    onEdgesChange: (changes) => set((s) => ({ edges: applyEdgeChanges(changes, s.edges) })),
    setSelection: (names) =>
      set((s) => ({
        nodes: s.nodes.map((n) =>
          Boolean(n.selected) === names.has(n.id) ? n : { ...n, selected: names.has(n.id) },
        ),
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      })),
  });
