import { useId, useState } from 'react';
import { PARAM_NAME_PATTERN, type TaskDocument } from '../../engine/index.ts';
import { updateTask } from '../commands/editCommands.ts';
import { openSecrets } from './secretsDialogState.ts';
import { useSecrets } from './secretStore.ts';

const splitNames = (text: string) =>
  text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');

/**
 * The secrets a task uses (comma-separated names): it gets exactly these as `secrets.NAME`. Names
 * that cannot be secret names are flagged; each one without a value in this browser is named.
 */
export function TaskSecretsField({ task }: { task: TaskDocument }) {
  const problemId = useId();
  const names = task.secrets?.join(', ') ?? '';
  const [draft, setDraft] = useState(names);
  const values = useSecrets((s) => s.values);
  const typed = splitNames(draft);
  const text = typed.join(', ') === names ? draft : names;
  const bad = typed.filter((n) => !PARAM_NAME_PATTERN.test(n));
  const unset = (task.secrets ?? []).filter((n) => !values[n]);
  return (
    <>
      <label className="field field--wide">
        <span>Secrets used</span>
        <input
          type="text"
          value={text}
          placeholder="none (e.g. API_KEY) — read as secrets.API_KEY"
          aria-invalid={bad.length > 0}
          aria-describedby={bad.length > 0 || unset.length > 0 ? problemId : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            const next = splitNames(e.target.value).filter((n) => PARAM_NAME_PATTERN.test(n));
            updateTask(task.name, { secrets: next.length > 0 ? next : undefined }, 'secrets');
          }}
        />
      </label>
      {bad.length > 0 ? (
        <small className="field__hint field__hint--error field--wide" id={problemId} role="alert">
          Not a secret name: {bad.join(', ')} (letters, digits or _, not starting with a digit)
        </small>
      ) : (
        unset.length > 0 && (
          <small className="field__hint field--wide" id={problemId}>
            Not set in this browser: {unset.join(', ')}.{' '}
            <button type="button" className="link-button" onClick={openSecrets}>
              Secrets…
            </button>
          </small>
        )
      )}
    </>
  );
}
