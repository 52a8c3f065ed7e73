import { useState } from 'react';
import { PARAM_NAME_PATTERN } from '../../engine/index.ts';
import { Modal } from '../shell/Modal.tsx';
import { useAppStore } from '../store/appStore.ts';
import { closeSecrets, useSecretsDialog } from './secretsDialogState.ts';
import { declaredSecretNames, removeSecret, setSecret, useSecrets } from './secretStore.ts';
import './runInputs.css';

/** The Secrets panel: this browser's secret values, and which the open workflow's tasks use. */
export function SecretsDialog() {
  const open = useSecretsDialog((s) => s.open);
  return open ? <Secrets /> : null;
}

function Secrets() {
  const values = useSecrets((s) => s.values);
  const doc = useAppStore((s) => s.document);
  const declared = declaredSecretNames(doc);
  const names = [...new Set([...declared, ...Object.keys(values).sort()])];
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const nameProblem =
    name === '' || PARAM_NAME_PATTERN.test(name)
      ? undefined
      : 'letters, digits or _, not starting with a digit';
  const add = () => {
    if (name === '' || nameProblem || value === '') return;
    setSecret(name, value);
    setName('');
    setValue('');
  };
  return (
    <Modal title="Secrets" onClose={closeSecrets} testId="secrets-dialog">
      <p className="panel__hint">
        Secret values stay in this browser only (its local storage): never in the workflow, its
        exported file, share links, Mermaid, or run history, and a task gets only the secrets it
        lists under <em>Secrets used</em>. They are not encrypted at rest: anyone who can use this
        browser profile can read them. Values found in a task&apos;s output, logs or errors are
        recorded as ***.
      </p>
      {names.length === 0 ? (
        <p className="panel__hint">No secrets yet.</p>
      ) : (
        <table className="run-table secrets-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">Used by this workflow</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => (
              <tr key={n} data-testid="secret-row" data-secret={n}>
                <td>
                  <code>{n}</code>
                </td>
                <td>
                  <input
                    type="password"
                    autoComplete="off"
                    aria-label={`Value of ${n}`}
                    value={values[n] ?? ''}
                    placeholder="not set"
                    onChange={(e) =>
                      e.target.value === '' ? removeSecret(n) : setSecret(n, e.target.value)
                    }
                  />
                </td>
                <td>{declared.includes(n) ? (values[n] ? 'yes' : 'yes — not set') : 'no'}</td>
                <td>
                  {values[n] !== undefined && (
                    <button
                      type="button"
                      onClick={() => removeSecret(n)}
                      aria-label={`Remove ${n}`}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="secrets-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label className="field">
          <span>Secret name</span>
          <input
            value={name}
            placeholder="API_KEY"
            aria-invalid={nameProblem !== undefined}
            onChange={(e) => setName(e.target.value.trim())}
          />
        </label>
        <label className="field">
          <span>Secret value</span>
          <input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="submit" disabled={name === '' || value === '' || nameProblem !== undefined}>
          Add secret
        </button>
        {nameProblem && (
          <small className="field__hint field__hint--error" role="alert">
            Secret name: {nameProblem}
          </small>
        )}
      </form>
    </Modal>
  );
}
