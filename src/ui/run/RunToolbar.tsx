import './run.css';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectSingleSelected } from '../store/selectors.ts';
import type { ExecutorKind } from '../store/runSlice.ts';
import { cancelRun } from './cancelRun.ts';
import { retryFailed, runPartial } from './runAgain.ts';
import { runWorkflow } from './runController.ts';
import { RunProgress } from './RunProgress.tsx';
import {
  selectCanCancel,
  selectCanRetry,
  selectPartialRunReason,
  selectRunDisabledReason,
} from './runReasons.ts';

const selectSettings = (s: AppState) => s.runSettings;

const clampInt = (value: string, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(Number(value) || min)));

/** Executor choice and the run actions, in the header. */
export function RunToolbar() {
  const settings = useAppStore(selectSettings);
  const reason = useAppStore(selectRunDisabledReason);
  const selected = useAppStore(selectSingleSelected);
  const canCancel = useAppStore(selectCanCancel);
  const canRetry = useAppStore(selectCanRetry);
  const partialReason = useAppStore(selectPartialRunReason);
  const set = useAppStore.getState().setRunSettings;
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
