import { useAppStore } from '../store/appStore.ts';
import type { AppState } from '../store/appStore.ts';
import { selectDocument } from '../store/selectors.ts';
import { TaskDetails } from './TaskDetails.tsx';

const selectSelectedName = (s: AppState) => s.nodes.find((n) => n.selected)?.data.name;

/** The inspector area: the selected task, or the workflow when nothing is selected. */
export function RightPanel() {
  const doc = useAppStore(selectDocument);
  const selected = useAppStore(selectSelectedName);
  const task = selected === undefined ? undefined : doc.tasks.find((t) => t.name === selected);
  return (
    <aside className="panel panel--right" aria-label="Inspector" data-testid="right-panel">
      {task ? (
        <TaskDetails task={task} />
      ) : (
        <section aria-label="Workflow">
          <h2 className="panel__title">{doc.name}</h2>
          {doc.description && <p className="panel__text">{doc.description}</p>}
          <p className="panel__hint">Select a task on the canvas to see its options and code.</p>
        </section>
      )}
    </aside>
  );
}
