import { useId, useState } from 'react';
import {
  PARAM_NAME_PATTERN,
  PARAM_TYPES,
  paramToText,
  parseParamText,
  type ParamSpec,
  type ParamType,
} from '../../engine/index.ts';
import { addParam, removeParam, updateParam } from '../commands/paramCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import './runInputs.css';

const NO_PARAMS: readonly ParamSpec[] = [];
const selectParams = (s: { document: { params?: ParamSpec[] } }) => s.document.params ?? NO_PARAMS;

/** The workflow's run parameters: add, remove, and edit each one's name, type, default, description. */
export function ParamsEditor() {
  const params = useAppStore(selectParams);
  return (
    <section className="params-editor" aria-label="Parameters" data-testid="params-editor">
      <h3 className="panel__subtitle">Parameters</h3>
      <p className="panel__hint">
        Values chosen when the workflow runs; tasks read them as <code>params.name</code>.
      </p>
      {params.map((spec, i) => (
        <ParamRow key={i} index={i} spec={spec} others={params.filter((_, j) => j !== i)} />
      ))}
      <button type="button" onClick={addParam}>
        Add parameter
      </button>
    </section>
  );
}

function ParamRow(props: { index: number; spec: ParamSpec; others: readonly ParamSpec[] }) {
  const { index, spec, others } = props;
  const problemId = useId();
  const nameProblem = !PARAM_NAME_PATTERN.test(spec.name)
    ? 'must be letters, digits or _, not starting with a digit'
    : others.some((o) => o.name === spec.name)
      ? 'is used by another parameter'
      : undefined;
  return (
    <fieldset className="param-row" data-testid="param-row" data-param={spec.name}>
      <legend>Parameter {index + 1}</legend>
      <label className="field">
        <span>Parameter name</span>
        <input
          value={spec.name}
          aria-invalid={nameProblem !== undefined}
          aria-describedby={nameProblem ? problemId : undefined}
          onChange={(e) => updateParam(index, { name: e.target.value.trim() }, 'name')}
        />
      </label>
      <label className="field">
        <span>Type</span>
        <select
          value={spec.type}
          onChange={(e) =>
            // A default of another type would be invalid: it goes with the change.
            updateParam(index, { type: e.target.value as ParamType, default: undefined }, 'type')
          }
        >
          {PARAM_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <DefaultField key={spec.type} index={index} spec={spec} />
      <label className="field field--wide">
        <span>Description</span>
        <input
          value={spec.description ?? ''}
          onChange={(e) =>
            updateParam(index, { description: e.target.value || undefined }, 'description')
          }
        />
      </label>
      <label className="field param-row__required">
        <input
          type="checkbox"
          checked={spec.required === true}
          onChange={(e) => updateParam(index, { required: e.target.checked || undefined }, 'req')}
        />
        <span>Required</span>
      </label>
      <button
        type="button"
        className="param-row__remove"
        aria-label={`Remove parameter ${spec.name}`}
        onClick={() => removeParam(index)}
      >
        Remove
      </button>
      {nameProblem && (
        <small className="field__hint field__hint--error field--wide" id={problemId} role="alert">
          Parameter name {nameProblem}
        </small>
      )}
    </fieldset>
  );
}

/** The default as text, parsed by the type as typed; one that does not fit is shown, not saved. */
function DefaultField({ index, spec }: { index: number; spec: ParamSpec }) {
  const problemId = useId();
  const stored = paramToText(spec.type, spec.default);
  const [typed, setDraft] = useState(stored);
  const parsedTyped = typed === '' ? undefined : parseParamText(spec.type, typed);
  // The text as typed while it says the stored default (or does not parse yet), else the stored one
  // (an undo, another row removed above).
  const draft =
    parsedTyped && !parsedTyped.ok
      ? typed
      : paramToText(spec.type, parsedTyped?.value) === stored
        ? typed
        : stored;
  const parsed = draft === '' ? undefined : parseParamText(spec.type, draft);
  const problem = parsed && !parsed.ok ? parsed.reason : undefined;
  if (spec.type === 'boolean')
    return (
      <label className="field">
        <span>Default</span>
        <select
          value={spec.default === undefined ? '' : String(spec.default)}
          onChange={(e) =>
            updateParam(
              index,
              { default: e.target.value === '' ? undefined : e.target.value === 'true' },
              'default',
            )
          }
        >
          <option value="">none</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </label>
    );
  return (
    <>
      <label className="field">
        <span>Default</span>
        <input
          value={draft}
          placeholder="none"
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => {
            const text = e.target.value;
            setDraft(text);
            const next = text === '' ? undefined : parseParamText(spec.type, text);
            if (next === undefined) updateParam(index, { default: undefined }, 'default');
            else if (next.ok) updateParam(index, { default: next.value }, 'default');
          }}
        />
      </label>
      {problem && (
        <small className="field__hint field__hint--error field--wide" id={problemId} role="alert">
          Default {problem}
        </small>
      )}
    </>
  );
}
