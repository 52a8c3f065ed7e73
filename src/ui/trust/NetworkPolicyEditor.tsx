import { useId } from 'react';
import { policyOfDraft, type NetworkDraft } from './networkPolicy.ts';
import './trust.css';

const CHOICES: { mode: NetworkDraft['mode']; label: string; hint: string }[] = [
  {
    mode: 'off',
    label: 'Off',
    hint: 'Task code cannot reach any site. The safe choice for code you did not write.',
  },
  {
    mode: 'allow',
    label: 'Only these sites',
    hint: 'One origin a line, like https://api.example.com: scheme, host and port, no path.',
  },
  {
    mode: 'any',
    label: 'Any site',
    hint: 'Task code can send what it computes, and anything you give it, to any site.',
  },
];

/** The choice of a workflow's network access: off, a list of allowed origins, or any site. */
export function NetworkPolicyEditor(props: {
  draft: NetworkDraft;
  onChange: (draft: NetworkDraft) => void;
}) {
  const { draft, onChange } = props;
  const name = useId();
  const checked = policyOfDraft(draft);
  const errors = 'errors' in checked && draft.origins.trim() !== '' ? checked.errors : [];
  return (
    <fieldset className="network-editor" data-testid="network-editor">
      <legend>Network access</legend>
      {CHOICES.map((choice) => (
        <div key={choice.mode} className="network-editor__choice" data-mode={choice.mode}>
          <label>
            <input
              type="radio"
              name={name}
              value={choice.mode}
              checked={draft.mode === choice.mode}
              aria-labelledby={`${name}-${choice.mode}`}
              aria-describedby={`${name}-${choice.mode}-hint`}
              onChange={() => onChange({ ...draft, mode: choice.mode })}
            />
            <span>
              <strong id={`${name}-${choice.mode}`}>{choice.label}</strong>
              <small id={`${name}-${choice.mode}-hint`}>{choice.hint}</small>
            </span>
          </label>
          {choice.mode === 'allow' && draft.mode === 'allow' && (
            <div className="network-editor__origins">
              <textarea
                aria-label="Allowed sites"
                rows={3}
                spellCheck={false}
                placeholder="https://api.example.com"
                value={draft.origins}
                aria-invalid={errors.length > 0}
                onChange={(e) => onChange({ ...draft, origins: e.target.value })}
              />
              {errors.length > 0 && (
                <ul className="problem-list" role="alert" data-testid="network-errors">
                  {errors.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}
