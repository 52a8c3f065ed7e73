import { useId, useState } from 'react';
import type { ParamSpec } from '../../engine/index.ts';
import { ConfirmActions, Modal } from '../shell/Modal.tsx';
import {
  answerRunForm,
  initialFields,
  lastValuesOf,
  readFields,
  useRunForm,
  type FieldValue,
} from './runForm.ts';
import './runInputs.css';

/** The run form, shown when a workflow with parameters runs. */
export function RunParamsDialog() {
  const pending = useRunForm((s) => s.pending);
  return pending ? (
    <RunForm
      key={pending.document.id}
      specs={pending.document.params ?? []}
      workflowId={pending.document.id}
    />
  ) : null;
}

function RunForm({ specs, workflowId }: { specs: readonly ParamSpec[]; workflowId: string }) {
  const pending = useRunForm((s) => s.pending);
  const [fields, setFields] = useState(() =>
    initialFields(specs, pending ? lastValuesOf(pending.document) : {}),
  );
  const { values, problems } = readFields(specs, fields);
  const firstProblem = Object.entries(problems)[0];
  const set = (name: string, value: FieldValue) => setFields((f) => ({ ...f, [name]: value }));
  return (
    <Modal
      title="Run with parameters"
      onClose={() => answerRunForm(null)}
      testId="run-params"
      footer={
        <ConfirmActions
          confirm="Run"
          onConfirm={() => answerRunForm(values)}
          onCancel={() => answerRunForm(null)}
          problem={firstProblem ? `Parameter "${firstProblem[0]}" ${firstProblem[1]}` : undefined}
          note="These values are recorded with the run and shown in its history."
          testId="run-params-run"
        />
      }
    >
      <form
        className="run-params"
        data-workflow-id={workflowId}
        onSubmit={(e) => {
          e.preventDefault();
          if (!firstProblem) answerRunForm(values);
        }}
      >
        {specs.map((spec) => (
          <ParamField
            key={spec.name}
            spec={spec}
            value={fields[spec.name] ?? ''}
            problem={problems[spec.name]}
            onChange={(value) => set(spec.name, value)}
          />
        ))}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

function ParamField(props: {
  spec: ParamSpec;
  value: FieldValue;
  problem: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const { spec, value, problem, onChange } = props;
  const hintId = useId();
  const problemId = useId();
  const describedBy = [spec.description ? hintId : '', problem ? problemId : '']
    .filter(Boolean)
    .join(' ');
  const label = `${spec.name}${spec.required ? ' (required)' : ''}`;
  const common = {
    'aria-invalid': problem !== undefined,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
  return (
    <div className="field run-params__field" data-param={spec.name}>
      {spec.type === 'boolean' ? (
        <label className="run-params__check">
          <input
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            {...common}
          />
          <span>{label}</span>
        </label>
      ) : (
        <label>
          <span>
            {label} <span className="panel__hint">{spec.type}</span>
          </span>
          {spec.type === 'json' ? (
            <textarea
              rows={3}
              spellCheck={false}
              value={String(value)}
              onChange={(e) => onChange(e.target.value)}
              {...common}
            />
          ) : (
            <input
              type="text"
              inputMode={spec.type === 'number' ? 'decimal' : undefined}
              value={String(value)}
              placeholder={
                spec.default === undefined ? '' : `default: ${JSON.stringify(spec.default)}`
              }
              onChange={(e) => onChange(e.target.value)}
              {...common}
            />
          )}
        </label>
      )}
      {spec.description && (
        <p id={hintId} className="panel__hint">
          {spec.description}
        </p>
      )}
      {problem && (
        <p id={problemId} className="field__hint field__hint--error" role="alert">
          {spec.name} {problem}
        </p>
      )}
    </div>
  );
}
