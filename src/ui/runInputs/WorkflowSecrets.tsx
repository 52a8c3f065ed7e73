import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { openSecrets } from './secretsDialogState.ts';
import { declaredSecretNames, useSecrets } from './secretStore.ts';

const selectDeclared = (s: AppState) => declaredSecretNames(s.document);

/** Which secrets the workflow's tasks use, whether this browser has them, and the way to set them. */
export function WorkflowSecrets() {
  const declared = useAppStore(useShallow(selectDeclared));
  const values = useSecrets((s) => s.values);
  const unset = declared.filter((n) => !values[n]);
  return (
    <section className="params-editor" aria-label="Secrets" data-testid="workflow-secrets">
      <h3 className="panel__subtitle">Secrets</h3>
      <p className="panel__hint">
        {declared.length === 0
          ? 'No task uses a secret (a task lists them under Secrets used).'
          : `Used by tasks: ${declared.join(', ')}.${unset.length > 0 ? ` Not set in this browser: ${unset.join(', ')}.` : ''}`}
      </p>
      <button type="button" onClick={openSecrets}>
        Secrets…
      </button>
    </section>
  );
}
