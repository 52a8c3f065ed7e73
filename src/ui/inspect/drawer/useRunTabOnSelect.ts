import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore.ts';
import { selectSingleSelected } from './runSelection.ts';

/**
 * While a run of the open workflow is shown, selecting one task (a click on its node) brings up
 * the "Run" tab with that task's details. Listens to the store's selection, not the canvas.
 * Returns the unsubscribe.
 */
export function watchRunTabOnSelect(): () => void {
  return useAppStore.subscribe((state, prev) => {
    const { run } = state;
    if (!run || run.workflowId !== state.document.id) return;
    if (state.nodes === prev.nodes || state.rightTab === 'run') return;
    const now = selectSingleSelected(state);
    if (now && now !== selectSingleSelected(prev)) state.setRightTab('run');
  });
}

/** Mounts `watchRunTabOnSelect` for the lifetime of a component. */
export function useRunTabOnSelect(): void {
  useEffect(watchRunTabOnSelect, []);
}
