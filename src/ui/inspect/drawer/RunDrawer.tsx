import type { ReactNode } from 'react';
import { RunParamsFacts } from '../../runInputs/RunParamsFacts.tsx';
import type { SerializedError, TaskRunState } from '../../../engine/index.ts';
import { useAppStore } from '../../store/appStore.ts';
import { selectShownRun, type RunView } from '../../store/runSlice.ts';
import { copyText } from '../shared/copyText.ts';
import { formatClock, isRunActive, pendingState, shortRunId } from '../shared/format.ts';
import {
  attemptCount,
  attemptEnd,
  formatAttemptCount,
  formatDuration,
  resumedAt,
  runDurationMs,
  taskDurationMs,
} from '../../run/durations.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { OUTCOME_COLORS } from '../timeline/timelineModel.ts';
import { JsonTree } from './JsonTree.tsx';
import { LogView } from './LogView.tsx';
import { selectSingleSelected } from './runSelection.ts';
import { toCopyText } from './jsonTree.ts';
import { nonZeroCounts, countTasks } from '../history/runSummary.ts';
import { useNow } from '../shared/useNow.ts';
import { handledFailureCount, handledFailuresText } from '../../run/runMessages.ts';
import './drawer.css';

/** An error's class name, unless a minifier has shortened it to nonsense (then the code says it). */
const readableName = (name: string) =>
  /^[A-Z]\w*$/.test(name) && /(Error|Exception)$/.test(name) ? name : '';

function ErrorView({ error, nested = false }: { error: SerializedError; nested?: boolean }) {
  return (
    <div className="run-error" data-testid={nested ? 'task-error-cause' : 'task-error'}>
      <p className="run-error__message">{error.message}</p>
      <p className="run-error__meta">
        {[readableName(error.name), error.code].filter(Boolean).join(' · ')}
      </p>
      {error.stack && (
        <details className="run-error__stack">
          <summary>Stack trace</summary>
          <pre className="code-block">{error.stack}</pre>
        </details>
      )}
      {error.cause && (
        <div className="run-error__cause">
          <span className="panel__hint">Caused by</span>
          <ErrorView error={error.cause} nested />
        </div>
      )}
    </div>
  );
}

function AttemptsTable({
  state,
  now,
  runEnd,
}: {
  state: TaskRunState;
  now: number;
  runEnd: number | undefined;
}) {
  if (state.attemptHistory.length === 0) return <p className="panel__hint">No attempts yet.</p>;
  return (
    <table className="run-table" data-testid="attempts-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Outcome</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {state.attemptHistory.map((a, i, history) => (
          <tr key={a.attempt} data-outcome={a.outcome}>
            <td>{a.attempt}</td>
            <td>
              <span className="status-chip">
                <span
                  className="status-chip__dot"
                  style={{ background: OUTCOME_COLORS[a.outcome] }}
                  aria-hidden="true"
                />
                {a.outcome}
              </span>
            </td>
            <td>{formatClock(a.startedAt)}</td>
            <td data-testid="attempt-duration">
              {formatDuration(attemptEnd(history, i, now, runEnd) - a.startedAt)}
            </td>
            <td className="run-table__error">{a.error?.message ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="drawer-section" aria-label={title} data-testid={testId}>
      <h3 className="panel__subtitle">{title}</h3>
      {children}
    </section>
  );
}

function TaskRunDetails({ run, name }: { run: RunView; name: string }) {
  const state = run.tasks[name] ?? pendingState(name);
  const doc = run.document.tasks.find((t) => t.name === name);
  const running = state.status === 'running' || state.status === 'retrying';
  const now = useNow(running, 500);
  const attempts = formatAttemptCount(attemptCount(state, doc?.retries ?? 0));
  const hasOutput = state.status === 'completed' && 'result' in state;
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

      {state.error && (
        <Section title="Error" testId="drawer-error">
          <ErrorView error={state.error} />
        </Section>
      )}

      <Section title="Logs" testId="drawer-logs">
        <LogView key={`${run.runId}/${name}`} run={run} task={name} />
      </Section>

      <Section title="Output" testId="drawer-output">
        {hasOutput ? (
          <>
            <div className="drawer__actions">
              <button
                type="button"
                onClick={() => void copyText(toCopyText(state.result), 'the output')}
              >
                Copy
              </button>
            </div>
            <JsonTree value={state.result} testId="task-output" />
          </>
        ) : (
          <p className="panel__hint">
            {state.status === 'completed' ? 'No output stored.' : `No output (${state.status}).`}
          </p>
        )}
      </Section>

      <Section title="Inputs" testId="drawer-inputs">
        {!doc || doc.dependsOn.length === 0 ? (
          <p className="panel__hint">No upstream tasks.</p>
        ) : (
          <div className="drawer-inputs">
            {doc.dependsOn.map((dep) => {
              const up = run.tasks[dep];
              return up?.status === 'completed' ? (
                <JsonTree key={dep} label={dep} value={up.result} open={false} />
              ) : (
                <div key={dep} className="json-tree">
                  <div className="json-row">
                    <span className="json-key">{dep}: </span>
                    <span className="panel__hint">not produced ({up?.status ?? 'pending'})</span>
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </Section>

      <Section title="Attempts" testId="drawer-attempts">
        <AttemptsTable state={state} now={now} runEnd={run.finishedAt} />
      </Section>

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
