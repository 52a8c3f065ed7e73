import { updateWorkflow } from '../commands/editCommands.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { useShallow } from 'zustand/react/shallow';
import { ParamsEditor } from '../runInputs/ParamsEditor.tsx';
import { WorkflowSecrets } from '../runInputs/WorkflowSecrets.tsx';

const selectWorkflowFields = (s: AppState) => ({
  name: s.document.name,
  description: s.document.description ?? '',
  count: s.document.tasks.length,
  timeoutMs: s.document.timeoutMs,
});

/** A positive number of ms, or undefined (empty or not a positive number: no run timeout). */
function parseTimeout(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The workflow's own name and description, shown when no task is selected. */
export function WorkflowInspector() {
  const { name, description, count, timeoutMs } = useAppStore(useShallow(selectWorkflowFields));
  return (
    <section className="inspector" aria-label="Workflow" data-testid="workflow-details">
      <label className="field">
        <span>Workflow name</span>
        <input value={name} onChange={(e) => updateWorkflow({ name: e.target.value })} />
      </label>
      <label className="field">
        <span>Workflow description</span>
        <textarea
          rows={3}
          value={description}
          onChange={(e) => updateWorkflow({ description: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Run timeout (ms)</span>
        <input
          type="number"
          min={1}
          step={1}
          value={timeoutMs ?? ''}
          placeholder="none"
          onChange={(e) => updateWorkflow({ timeoutMs: parseTimeout(e.target.value) })}
        />
      </label>
      <ParamsEditor />
      <WorkflowSecrets />
      <p className="panel__hint">
        {count} {count === 1 ? 'task' : 'tasks'}. Select a task to edit it; press ? for shortcuts.
      </p>
    </section>
  );
}
