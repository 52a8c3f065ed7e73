import { useId } from 'react';
import { TRIGGER_RULES, type TaskDocument, type TriggerRule } from '../../engine/index.ts';
import { updateTask } from '../commands/editCommands.ts';
import { TRIGGER_RULE_HELP } from './triggerRuleHelp.ts';

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
