import { useState } from 'react';
import { renameTask } from '../commands/editCommands.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';

const selectTasks = (s: AppState) => s.document.tasks;

const MAX = 128;

/** Why a name cannot be used, or `null`. Pure. */
export function nameProblem(
  name: string,
  current: string,
  taken: readonly string[],
): string | null {
  if (name.length === 0) return 'A task needs a name.';
  if (name.length > MAX) return `A name is at most ${MAX} characters.`;
  if (name !== current && taken.includes(name)) return `Another task is already named "${name}".`;
  return null;
}

/** The task name, validated as you type; only a valid name is applied. */
export function NameField({ name }: { name: string }) {
  const [draft, setDraft] = useState(name);
  const [shown, setShown] = useState(name);
  if (shown !== name) {
    setShown(name);
    setDraft(name);
  }
  const tasks = useAppStore(selectTasks);
  const taken = tasks.map((t) => t.name);
  const problem = nameProblem(draft, name, taken);
  return (
    <label className="field">
      <span>Name</span>
      <input
        value={draft}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'name-problem' : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (next !== name && nameProblem(next, name, taken) === null) {
            setShown(next);
            renameTask(name, next);
          }
        }}
        onBlur={() => setDraft(name)}
      />
      {problem && (
        <span className="field__problem" id="name-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
