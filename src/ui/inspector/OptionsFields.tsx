import { useId, useState } from 'react';
import {
  regexProblem,
  TRIGGER_RULES,
  type RetryCondition,
  type TaskDocument,
  type TriggerRule,
} from '../../engine/index.ts';
import { updateTask } from '../commands/editCommands.ts';
import { TRIGGER_RULE_HELP } from './triggerRuleHelp.ts';
import { TaskSecretsField } from '../runInputs/TaskSecretsField.tsx';

type NumericKey = 'retries' | 'retryDelayMs' | 'timeoutMs';

const NUMERIC: { key: NumericKey; label: string; min: number }[] = [
  { key: 'retries', label: 'Retries', min: 0 },
  { key: 'retryDelayMs', label: 'Retry delay (ms)', min: 0 },
  { key: 'timeoutMs', label: 'Timeout (ms)', min: 1 },
];

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const splitNames = (text: string) =>
  text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');

/** `retryIf` with one part replaced; undefined when neither part is left. */
function withRetryIf(
  current: RetryCondition | undefined,
  part: Partial<Record<keyof RetryCondition, string>>,
): RetryCondition | undefined {
  const next: RetryCondition = { ...current };
  if (part.errorName !== undefined) {
    const names = splitNames(part.errorName);
    if (names.length > 0) next.errorName = names;
    else delete next.errorName;
  }
  if (part.messagePattern !== undefined) {
    if (part.messagePattern !== '') next.messagePattern = part.messagePattern;
    else delete next.messagePattern;
  }
  return next.errorName === undefined && next.messagePattern === undefined ? undefined : next;
}

/** One "Retry only if" text field; edits go to the task's `retryIf` through `withRetryIf`. */
function RetryIfInput(props: {
  task: TaskDocument;
  part: keyof RetryCondition;
  label: string;
  value: string;
  placeholder: string;
  problemId?: string | undefined;
  onText?: (text: string) => void;
}) {
  const { task, part } = props;
  return (
    <label className="field field--wide">
      <span>{props.label}</span>
      <input
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problemId !== undefined}
        aria-describedby={props.problemId}
        onChange={(e) => {
          props.onText?.(e.target.value);
          updateTask(
            task.name,
            { retryIf: withRetryIf(task.retryIf, { [part]: e.target.value }) },
            `retryIf.${part}`,
          );
        }}
      />
    </label>
  );
}

/** "Retry only if": error names (comma-separated) or a message pattern, checked as typed. */
function RetryIfFields({ task }: { task: TaskDocument }) {
  const problemId = useId();
  const names = task.retryIf?.errorName?.join(', ') ?? '';
  // The names as typed ("TypeError, " mid-edit), while they still say the same names.
  const [draft, setDraft] = useState(names);
  const namesText = splitNames(draft).join(', ') === names ? draft : names;
  const pattern = task.retryIf?.messagePattern ?? '';
  const problem = pattern === '' ? undefined : regexProblem(pattern);
  return (
    <>
      <RetryIfInput
        task={task}
        part="errorName"
        label="Retry only if error name is"
        value={namesText}
        placeholder="any error (e.g. TypeError, TaskTimeoutError)"
        onText={setDraft}
      />
      <RetryIfInput
        task={task}
        part="messagePattern"
        label="or message matches"
        value={pattern}
        placeholder="regular expression (RE2), e.g. ^ECONN|timed out"
        problemId={problem === undefined ? undefined : problemId}
      />
      {problem !== undefined && (
        <small className="field__hint field__hint--error field--wide" id={problemId} role="alert">
          Not a valid regular expression: {problem}
        </small>
      )}
    </>
  );
}

/** "Map over": none, or one of the task's direct upstreams whose array it runs once per item of. */
function MapOverField({ task }: { task: TaskDocument }) {
  const helpId = useId();
  const value = task.mapOver ?? '';
  // A name no longer among the upstreams stays selectable so the field shows what the document says
  // (the problem list below says why it cannot run).
  const choices =
    value !== '' && !task.dependsOn.includes(value) ? [...task.dependsOn, value] : task.dependsOn;
  return (
    <>
      <label className="field field--wide">
        <span>Map over</span>
        <select
          aria-describedby={helpId}
          value={value}
          onChange={(e) => updateTask(task.name, { mapOver: e.target.value || undefined })}
        >
          <option value="">none — runs once</option>
          {choices.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <small className="field__hint field--wide" id={helpId} data-testid="map-over-help">
        {value === ''
          ? task.dependsOn.length === 0
            ? 'Connect an upstream task that returns an array to run this task once per item.'
            : 'Choose an upstream that returns an array to run this task once per item.'
          : `Runs once per item of the array "${value}" returns: the code reads item and index (inputs["${value}"] is the item too). Downstream tasks get the results as one array, in item order; an empty array skips this task.`}
      </small>
    </>
  );
}

/** Retries, delays, backoff, timeout and trigger rule; an empty number field means the default. */
export function OptionsFields({ task }: { task: TaskDocument }) {
  const rule = task.triggerRule ?? 'all_success';
  const helpId = useId();
  return (
    <div className="options-grid">
      {NUMERIC.map(({ key, label, min }) => (
        <label className="field" key={key}>
          <span>{label}</span>
          <input
            type="number"
            min={min}
            step={1}
            value={task[key] ?? ''}
            placeholder={key === 'timeoutMs' ? 'none' : '0'}
            onChange={(e) => updateTask(task.name, { [key]: parseNumber(e.target.value) }, key)}
          />
        </label>
      ))}
      <label className="field">
        <span>Backoff</span>
        <select
          value={task.backoff ?? 'fixed'}
          onChange={(e) =>
            updateTask(task.name, {
              backoff: e.target.value === 'fixed' ? undefined : (e.target.value as 'exponential'),
            })
          }
        >
          <option value="fixed">fixed</option>
          <option value="exponential">exponential</option>
        </select>
      </label>
      <MapOverField task={task} />
      <RetryIfFields task={task} />
      <TaskSecretsField task={task} />
      <label className="field field--wide">
        <span>Trigger rule</span>
        <select
          aria-describedby={helpId}
          value={rule}
          onChange={(e) =>
            updateTask(task.name, {
              triggerRule:
                e.target.value === 'all_success' ? undefined : (e.target.value as TriggerRule),
            })
          }
        >
          {TRIGGER_RULES.map((r) => (
            <option key={r} value={r}>
              {r} — {TRIGGER_RULE_HELP[r]}
            </option>
          ))}
        </select>
      </label>
      <small className="field__hint field--wide" id={helpId} data-testid="trigger-rule-help">
        Runs when {TRIGGER_RULE_HELP[rule]}.
      </small>
      <label className="field field--wide">
        <span>Chooses downstream</span>
        <select
          value={task.branch ? 'branch' : task.shortCircuit ? 'shortCircuit' : 'no'}
          onChange={(e) =>
            updateTask(task.name, {
              branch: e.target.value === 'branch' ? true : undefined,
              shortCircuit: e.target.value === 'shortCircuit' ? true : undefined,
            })
          }
        >
          <option value="no">no — every task below may run</option>
          <option value="branch">branch — returns which of the tasks below run</option>
          <option value="shortCircuit">
            short circuit — a falsy result skips every task below
          </option>
        </select>
      </label>
    </div>
  );
}
