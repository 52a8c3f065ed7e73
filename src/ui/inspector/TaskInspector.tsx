import { useMemo } from 'react';
import { checkCodeSyntax, type TaskDocument } from '../../engine/index.ts';
import { diagnose } from '../checklist/diagnostics.ts';
import { updateTask } from '../commands/editCommands.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { CodeEditor } from './CodeEditor.tsx';
import { NameField } from './NameField.tsx';
import { OptionsFields } from './OptionsFields.tsx';

const selectDocument = (s: AppState) => s.document;

/** Everything about one task, editable; problems are shown next to what they are about. */
export function TaskInspector({ task }: { task: TaskDocument }) {
  const doc = useAppStore(selectDocument);
  const syntax = useMemo(() => checkCodeSyntax(task.code), [task.code]);
  const others = diagnose(doc).filter((i) => i.task === task.name && i.code !== 'E_SYNTAX');
  return (
    <section className="inspector" aria-label={`Task ${task.name}`} data-testid="task-details">
      <NameField name={task.name} />
      <label className="field">
        <span>Description</span>
        <textarea
          rows={2}
          value={task.description ?? ''}
          onChange={(e) =>
            updateTask(task.name, { description: e.target.value || undefined }, 'description')
          }
        />
      </label>
      <p className="panel__text">
        Depends on: {task.dependsOn.length ? task.dependsOn.join(', ') : '—'}
      </p>
      <div className="field">
        <span id="code-label">Code</span>
        <CodeEditor
          value={task.code}
          upstream={task.dependsOn}
          mapped={task.mapOver !== undefined}
          label={`Code of ${task.name}`}
          onChange={(code) => updateTask(task.name, { code }, 'code')}
        />
        {syntax && (
          <span className="field__problem" role="alert" data-testid="code-problem">
            Line {syntax.line}: {syntax.message}
          </span>
        )}
      </div>
      <OptionsFields task={task} />
      {others.length > 0 && (
        <ul className="field__problems" aria-label="Problems of this task">
          {others.map((issue, i) => (
            <li key={i} className="field__problem">
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
