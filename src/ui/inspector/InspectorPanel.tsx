import { useAppStore, type AppState } from '../store/appStore.ts';
import { TaskInspector } from './TaskInspector.tsx';
import { WorkflowInspector } from './WorkflowInspector.tsx';

/** Comma-joined selected ids: a string, so the selector result compares by value. */
const selectSelectedIds = (s: AppState) =>
  s.nodes
    .filter((n) => n.selected)
    .map((n) => n.id)
    .join('\u0000');
const selectTasks = (s: AppState) => s.document.tasks;

/** The selected task, the workflow when nothing is selected, or a count for a multi-selection. */
export function InspectorPanel() {
  const ids = useAppStore(selectSelectedIds);
  const tasks = useAppStore(selectTasks);
  const selected = ids === '' ? [] : ids.split('\u0000');
  if (selected.length === 0) return <WorkflowInspector />;
  if (selected.length > 1) {
    return (
      <p className="panel__hint" data-testid="multi-selection">
        {selected.length} tasks selected. Copy, duplicate, delete or auto-layout them together.
      </p>
    );
  }
  const task = tasks.find((t) => t.name === selected[0]);
  return task ? <TaskInspector task={task} /> : null;
}
