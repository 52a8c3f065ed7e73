import { TRIGGER_RULES, type TaskDocument, type TriggerRule } from '../../engine/index.ts';
import { updateTask } from '../commands/editCommands.ts';

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
      <label className="field">
        <span>Trigger rule</span>
        <select
          value={task.triggerRule ?? 'all_success'}
          onChange={(e) =>
            updateTask(task.name, {
              triggerRule:
                e.target.value === 'all_success' ? undefined : (e.target.value as TriggerRule),
            })
          }
        >
          {TRIGGER_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {rule}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
