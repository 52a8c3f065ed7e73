import type { AppState } from './appStore.ts';

// Module-scope selectors: stable references, so components re-render only on what they read.
export const selectDocument = (s: AppState) => s.document;
export const selectWorkflowName = (s: AppState) => s.document.name;
export const selectNodes = (s: AppState) => s.nodes;
export const selectEdges = (s: AppState) => s.edges;
export const selectTheme = (s: AppState) => s.theme;

/** The one selected task's name, or null when none or several are selected. */
export const selectSingleSelected = (s: AppState): string | null => {
  let found: string | null = null;
  for (const node of s.nodes) {
    if (!node.selected) continue;
    if (found !== null) return null;
    found = node.data.name;
  }
  return found;
};
