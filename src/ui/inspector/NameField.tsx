import { useEffect, useRef, useState } from 'react';
import { renameTask } from '../commands/editCommands.ts';
import { nameProblem, nameToApply } from '../document/taskName.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { focusNode } from '../canvas/focusNode.ts';
import { dismissNewTask, TASK_NAME_INPUT, takeNameFocus } from './nameFocus.ts';

const selectTasks = (s: AppState) => s.document.tasks;

/**
 * The task name, validated as you type; only a valid name is applied, without surrounding
 * whitespace (the field shows the applied name again when it loses focus).
 */
export function NameField({ name }: { name: string }) {
  const [draft, setDraft] = useState(name);
  const [shown, setShown] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // A task just added by dropping a connection on the canvas: ready to be named.
    if (!takeNameFocus(name)) return;
    input.current?.focus();
    input.current?.select();
  }, [name]);
  if (shown !== name) {
    setShown(name);
    setDraft(name);
  }
  const tasks = useAppStore(selectTasks);
  const taken = tasks.map((t) => t.name);
  const problem = nameProblem(draft, name, taken);
  return (
    <label className="field">
      <span id="task-name-label">Name</span>
      <input
        ref={input}
        id={TASK_NAME_INPUT}
        // Its name stays "Name" while a problem shows: the problem describes it, not names it.
        aria-labelledby="task-name-label"
        value={draft}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'name-problem' : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = nameToApply(e.target.value);
          if (next !== name && nameProblem(e.target.value, name, taken) === null) {
            setShown(next);
            renameTask(name, next);
          }
        }}
        onBlur={() => setDraft(name)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          // A task just added by a drop goes again; otherwise back to its node on the canvas.
          if (!dismissNewTask(name)) focusNode(name);
        }}
      />
      {problem && (
        <span className="field__problem" id="name-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
