import { RunParamsFacts } from '../../runInputs/RunParamsFacts.tsx';
import { useAppStore } from '../../store/appStore.ts';
import { selectShownRun, type RunView } from '../../store/runSlice.ts';
import { formatClock, isRunActive, pendingState, shortRunId } from '../shared/format.ts';
import {
  attemptCount,
  formatAttemptCount,
  formatDuration,
  resumedAt,
  runDurationMs,
  taskDurationMs,
} from '../../run/durations.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { selectSingleSelected } from './runSelection.ts';
import { Section } from './drawerParts.tsx';
import { inputOf, StateSections, type InputEntry } from './StateSections.tsx';
import { MapInstances } from './MapInstances.tsx';
import { mapProgressText } from '../../canvas/mapProgress.ts';
import { nonZeroCounts, countTasks } from '../history/runSummary.ts';
import { useNow } from '../shared/useNow.ts';
import { handledFailureCount, handledFailuresText } from '../../run/runMessages.ts';
import './drawer.css';

function TaskRunDetails({ run, name }: { run: RunView; name: string }) {
  const state = run.tasks[name] ?? pendingState(name);
  const doc = run.document.tasks.find((t) => t.name === name);
  const running = state.status === 'running' || state.status === 'retrying';
  const now = useNow(running, 500);
  const attempts = formatAttemptCount(attemptCount(state, doc?.retries ?? 0));
  const inputs: InputEntry[] = (doc?.dependsOn ?? []).map((dep) => inputOf(run, dep));
  return (
    <div className="drawer" data-testid="task-drawer" data-task={name} data-status={state.status}>
      <header className="drawer__header">
        <h2 className="panel__title">{name}</h2>
        <button
          type="button"
          onClick={() => useAppStore.getState().setRightTab('inspector')}
          title="Open this task in the Inspector to edit it"
        >
          Edit task
        </button>
      </header>
      {!doc && <p className="panel__hint">This task is not in the document this run executed.</p>}
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={state.status} />
            {state.skipReason && (
              <span className="panel__hint" data-testid="skip-reason">
                {' '}
                ({state.skipReason.replaceAll('_', ' ')})
              </span>
            )}
            {state.skipMessage && (
              <p className="panel__hint" data-testid="skip-message">
                {state.skipMessage}
              </p>
            )}
            {state.restored && <span className="panel__hint"> (restored)</span>}
          </dd>
        </div>
        {doc?.mapOver !== undefined && (
          <div>
            <dt>Mapped over</dt>
            <dd>
              {doc.mapOver}
              {state.map && (
                <span className="panel__hint" data-testid="task-map-summary">
                  {' '}
                  — {mapProgressText(state.map)}
                </span>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>Attempts</dt>
          <dd data-testid="task-attempt-count">{attempts}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatClock(state.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="task-duration">{formatDuration(taskDurationMs(state, now))}</dd>
        </div>
      </dl>

      {doc?.mapOver !== undefined && (
        <MapInstances
          run={run}
          task={name}
          over={doc.mapOver}
          retries={doc.retries ?? 0}
          inputs={inputs}
        />
      )}

      <StateSections
        run={run}
        state={state}
        logKey={name}
        inputs={inputs}
        now={now}
        noInputs={!doc || doc.dependsOn.length === 0}
      />

      {run.params && (
        <Section title="Run parameters" testId="drawer-params">
          <RunParamsFacts params={run.params} />
        </Section>
      )}
    </div>
  );
}

function RunOverview({ run }: { run: RunView }) {
  const active = isRunActive(run);
  const now = useNow(active, 1000);
  const byStatus = countTasks(run.tasks, run.document);
  const counts = nonZeroCounts(byStatus);
  const resumed = resumedAt(Object.values(run.tasks));
  const handled = handledFailureCount(run.status, byStatus.failed);
  return (
    <div className="drawer" data-testid="run-overview">
      <h2 className="panel__title">Run {shortRunId(run.runId)}</h2>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={run.status} />
            {handled > 0 && (
              <span className="panel__hint" data-testid="run-overview-handled">
                {' '}
                {handledFailuresText(handled)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{run.source === 'history' ? 'history (read-only)' : run.source}</dd>
        </div>
        <div>
          <dt>Executor</dt>
          <dd>{run.executor.kind}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatClock(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="run-duration">{formatDuration(runDurationMs(run, now))}</dd>
        </div>
        {resumed !== undefined && (
          <div>
            <dt>Resumed</dt>
            <dd data-testid="run-resumed">
              at {formatClock(resumed)}, after a reload or a closed tab (the duration counts the
              time in between)
            </dd>
          </div>
        )}
        {run.params && (
          <div>
            <dt>Parameters</dt>
            <dd>
              <RunParamsFacts params={run.params} />
            </dd>
          </div>
        )}
        <div>
          <dt>Tasks</dt>
          <dd className="count-chips">
            {counts.map(([s, n]) => (
              <StatusChip key={s} status={s} label={`${n} ${s}`} />
            ))}
          </dd>
        </div>
      </dl>
      <p className="panel__hint">
        Click a task on the canvas to see its logs, inputs, output, error and attempts.
      </p>
    </div>
  );
}

/** The right panel's "Run" tab: the selected task's run details, or the run at a glance. */
export function RunDrawer() {
  const run = useAppStore(selectShownRun);
  const selected = useAppStore(selectSingleSelected);
  if (!run) {
    return (
      <p className="panel__hint" data-testid="run-drawer-empty">
        No run is shown. Press Run, or open a past run from the Runs tab below.
      </p>
    );
  }
  if (!selected) return <RunOverview run={run} />;
  return <TaskRunDetails key={`${run.runId}/${selected}`} run={run} name={selected} />;
}
