import './emptyCanvas.css';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { useAddTaskAtCenter } from './useAddTaskAtCenter.ts';

const selectEmpty = (s: AppState) => s.booted && s.document.tasks.length === 0;
const openExamples = () => useAppStore.getState().setDialog('examples');
const openPalette = () => useAppStore.getState().setDialog('palette');

/**
 * What to do on an empty workflow, in the middle of the canvas. Only its buttons take the pointer:
 * a double-click anywhere else, the text included, reaches the canvas and adds a task there.
 */
export function EmptyCanvasHint() {
  const empty = useAppStore(selectEmpty);
  const addTask = useAddTaskAtCenter();
  if (!empty) return null;
  return (
    <section
      className="empty-canvas"
      aria-labelledby="empty-canvas-title"
      data-testid="empty-canvas"
    >
      <h2 id="empty-canvas-title">This workflow has no tasks yet</h2>
      <ul>
        <li>
          <strong>Double-click</strong> the canvas or press <kbd>N</kbd> to add a task
        </li>
        <li>
          <strong>Drag</strong> from a task&apos;s handle to another task to connect them
        </li>
        <li>
          Press <kbd>Ctrl+K</kbd> to find tasks and run any command from the keyboard
        </li>
      </ul>
      <div className="empty-canvas__actions">
        <button type="button" onClick={() => addTask()}>
          Add a task
        </button>
        <button type="button" onClick={openExamples}>
          Open an example
        </button>
        <button type="button" onClick={openPalette}>
          Commands (Ctrl+K)
        </button>
      </div>
    </section>
  );
}
