import { Panel } from '@xyflow/react';
import { useSyncExternalStore } from 'react';
import { redo, undo } from '../commands/editCommands.ts';
import { useFitGraph } from './useFitGraph.ts';
import { useAddTaskAtCenter } from './useAddTaskAtCenter.ts';
import { extendSelection } from '../commands/selectionCommands.ts';
import { withShortcut } from '../keyboard/commandRegistry.ts';
import { autoLayout } from '../layout/layoutCommands.ts';
import { setLayoutDirection } from '../persistence/workflowCommands.ts';
import { nextUndoLabel, subscribeActions } from '../persistence/workflowUndoStack.ts';
import { useAppStore, useHistory } from '../store/appStore.ts';
import type { TemporalState } from 'zundo';
import type { HistoryState } from '../store/history.ts';
import type { AppState } from '../store/appStore.ts';

const selectCanUndo = (s: TemporalState<HistoryState>) => s.pastStates.length > 0;
const selectCanRedo = (s: TemporalState<HistoryState>) => s.futureStates.length > 0;
const selectDirection = (s: AppState) => s.layoutDirection;
const selectLayoutBusy = (s: AppState) => s.layoutBusy;

/** Editing actions over the canvas; every button has an accessible name and a shortcut. */
export function CanvasToolbar() {
  const canUndo = useHistory(selectCanUndo);
  const canRedo = useHistory(selectCanRedo);
  // With no canvas edit to undo, Undo undoes the last workflow delete or import (kept on reload).
  const workflowUndo = useSyncExternalStore(subscribeActions, nextUndoLabel);
  const direction = useAppStore(selectDirection);
  const busy = useAppStore(selectLayoutBusy);
  const fitGraph = useFitGraph();
  const addAtCenter = useAddTaskAtCenter();
  const toggleDirection = () => {
    void setLayoutDirection(direction === 'TD' ? 'LR' : 'TD');
    void autoLayout();
  };
  return (
    <Panel position="top-left" className="canvas-toolbar" role="group" aria-label="Canvas tools">
      <button
        type="button"
        onClick={() => addAtCenter()}
        title={withShortcut('Add task', 'add-task')}
      >
        Add task
      </button>
      <span className="canvas-toolbar__sep" />
      <button
        type="button"
        onClick={undo}
        disabled={!canUndo && workflowUndo === null}
        aria-label="Undo"
        title={withShortcut(canUndo ? 'Undo' : (workflowUndo ?? 'Undo'), 'undo')}
      >
        ↶
      </button>
      <button
        type="button"
        onClick={redo}
        disabled={!canRedo}
        aria-label="Redo"
        title={withShortcut('Redo', 'redo')}
      >
        ↷
      </button>
      <span className="canvas-toolbar__sep" />
      <button
        type="button"
        onClick={() => void autoLayout()}
        disabled={busy}
        title={withShortcut('Auto layout', 'layout')}
      >
        {busy ? 'Laying out…' : 'Auto layout'}
      </button>
      <button
        type="button"
        onClick={toggleDirection}
        aria-label={`Layout direction: ${direction === 'TD' ? 'top-down' : 'left-right'}`}
        title="Toggle layout direction"
      >
        <span aria-hidden="true">{direction === 'TD' ? '↓ ' : '→ '}</span>
        {direction === 'TD' ? 'Top-down' : 'Left-right'}
      </button>
      <span className="canvas-toolbar__sep" />
      <button
        type="button"
        onClick={() => extendSelection('upstream')}
        title={withShortcut('Select upstream', 'select-upstream')}
      >
        Select upstream
      </button>
      <button
        type="button"
        onClick={() => extendSelection('downstream')}
        title={withShortcut('Select downstream', 'select-downstream')}
      >
        Select downstream
      </button>
      <button
        type="button"
        onClick={() => fitGraph({ animate: true })}
        title={withShortcut('Fit view', 'fit')}
      >
        Fit view
      </button>
    </Panel>
  );
}
