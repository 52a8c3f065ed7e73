import { useMemo } from 'react';
import { useAddTaskAtCenter } from '../canvas/useAddTaskAtCenter.ts';
import { useFitGraph } from '../canvas/useFitGraph.ts';
import { useAppStore } from '../store/appStore.ts';
import { selectSingleSelected } from '../store/selectors.ts';
import type { CommandContext } from './commandRegistry.ts';

const setDialog = (dialog: 'palette' | 'connect') => useAppStore.getState().setDialog(dialog);

/** What the registry's commands need from the canvas; inside the React Flow provider only. */
export function useCommandContext(): CommandContext {
  const addTask = useAddTaskAtCenter();
  const fitGraph = useFitGraph();
  return useMemo(
    () => ({
      addTask: () => addTask(),
      addDownstreamTask: () => {
        const from = selectSingleSelected(useAppStore.getState());
        if (from !== null) addTask(from);
      },
      fitView: () => fitGraph({ animate: true }),
      pickConnectTarget: () => setDialog('connect'),
      openPalette: () => setDialog('palette'),
    }),
    [addTask, fitGraph],
  );
}
