import './run.css';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectRunBlockers } from '../checklist/diagnostics.ts';
import type { ExecutorKind } from '../store/runSlice.ts';
import { cancelRun, retryFailed, runPartial, runWorkflow } from './runController.ts';
import { RunProgress } from './RunProgress.tsx';

/** The one selected task's name, or null when none or several are selected. */
const selectSingleSelected = (s: AppState): string | null => {
  let found: string | null = null;
  for (const node of s.nodes) {
    if (!node.selected) continue;
    if (found !== null) return null;
    found = node.data.name;
  }
  return found;
};

/** Why Run is disabled, or null when it may run. */
const selectRunDisabledReason = (s: AppState): string | null => {
  if (s.run?.status === 'running') {
    return s.run.source === 'remote'
      ? 'Another tab is running this workflow'
      : 'A run is in progress';
  }
  const blockers = selectRunBlockers(s);
  if (blockers.length === 0) return null;
  const more = blockers.length > 1 ? ` (+${blockers.length - 1} more in the checklist)` : '';
  return `Fix first: ${blockers[0]!.message}${more}`;
};

const selectCanCancel = (s: AppState) => s.run?.status === 'running' && s.run.source === 'live';
const selectCanRetry = (s: AppState) => {
  const run = s.run;
  if (!run || run.status === 'running' || run.workflowId !== s.document.id) return false;
  if (selectRunBlockers(s).length > 0) return false;
  return run.document.tasks.some((t) => {
    const status = run.tasks[t.name]?.status;
    return status !== 'completed';
  });
};
const selectSettings = (s: AppState) => s.runSettings;
const selectBusy = (s: AppState) => s.run?.status === 'running';

const clampInt = (value: string, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(Number(value) || min)));

/** Executor choice and the run actions, in the header. */
export function RunToolbar() {
  const settings = useAppStore(selectSettings);
  const reason = useAppStore(selectRunDisabledReason);
  const selected = useAppStore(selectSingleSelected);
  const canCancel = useAppStore(selectCanCancel);
  const canRetry = useAppStore(selectCanRetry);
  const busy = useAppStore(selectBusy);
  const set = useAppStore.getState().setRunSettings;
  const partialReason = busy
    ? 'A run is in progress'
    : selected === null
      ? 'Select one task on the canvas first'
      : reason;
  return (
    <div className="run-toolbar" role="toolbar" aria-label="Run controls" data-testid="run-toolbar">
      <select
        aria-label="Executor"
        value={settings.executor}
        onChange={(e) => set({ executor: e.target.value as ExecutorKind })}
        title="How tasks run. All three run off the page, in the run worker: Threaded spreads tasks over a pool of workers; Async and Sequential run them in the run worker itself."
      >
        <option value="threaded">Threaded — {settings.workers} workers</option>
        <option value="async">Async (one worker)</option>
        <option value="sequential">Sequential (one worker)</option>
      </select>
      {settings.executor === 'threaded' && (
        <NumberField
          label="Workers"
          title="Web Workers in the pool"
          max={32}
          value={settings.workers}
          onChange={(workers) => set({ workers })}
        />
      )}
      {settings.executor === 'async' && (
        <NumberField
          label="Concurrency"
          title="Most tasks at once"
          max={1000}
          value={settings.concurrency}
          onChange={(concurrency) => set({ concurrency })}
        />
      )}
      <button
        type="button"
        className="run-toolbar__run"
        disabled={reason !== null}
        title={reason ?? 'Run the workflow'}
        onClick={() => void runWorkflow()}
      >
        Run
      </button>
      <button
        type="button"
        disabled={!canCancel}
        title="Stop the run; completed results are kept"
        onClick={cancelRun}
      >
        Cancel run
      </button>
      <button
        type="button"
        disabled={!canRetry}
        title="Run the failed, skipped and cancelled tasks again with the current code; completed results are kept"
        onClick={() => void retryFailed()}
      >
        Retry failed
      </button>
      <button
        type="button"
        disabled={partialReason !== null}
        title={partialReason ?? `Run "${selected}" and everything downstream of it`}
        onClick={() => selected && void runPartial(selected, 'from-here')}
      >
        Run from here
      </button>
      <button
        type="button"
        disabled={partialReason !== null}
        title={partialReason ?? `Run only "${selected}" on its upstream results`}
        onClick={() => selected && void runPartial(selected, 'this-task')}
      >
        Run this task
      </button>
      {reason !== null && (
        <span className="run-toolbar__reason" data-testid="run-disabled-reason" title={reason}>
          {reason}
        </span>
      )}
      <RunProgress />
    </div>
  );
}

/** A labelled whole-number setting of the toolbar, from 1 to `max`. */
function NumberField(props: {
  label: string;
  title: string;
  max: number;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="field-inline">
      <span>{props.label}</span>
      <input
        type="number"
        className="run-toolbar__number"
        aria-label={props.label}
        title={props.title}
        min={1}
        max={props.max}
        value={props.value}
        onChange={(e) => props.onChange(clampInt(e.target.value, 1, props.max))}
      />
    </label>
  );
}
