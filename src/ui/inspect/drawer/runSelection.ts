import type { AppState } from '../../store/appStore.ts';

/** The one selected task's name, or '' (none or several). A string, so it compares by value. */
export const selectSingleSelected = (s: AppState): string => {
  let found = '';
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (found) return '';
    found = n.id;
  }
  return found;
};
