// Pieces the task drawer shows for a task and for an instance of a mapped task alike.
import type { ReactNode } from 'react';
import type { SerializedError, TaskRunState } from '../../../engine/index.ts';
import { formatClock } from '../shared/format.ts';
import { attemptEnd, formatDuration } from '../../run/durations.ts';
import { OUTCOME_COLORS } from '../timeline/timelineModel.ts';

/** An error's class name, unless a minifier has shortened it to nonsense (then the code says it). */
const readableName = (name: string) =>
  /^[A-Z]\w*$/.test(name) && /(Error|Exception)$/.test(name) ? name : '';

export function ErrorView({ error, nested = false }: { error: SerializedError; nested?: boolean }) {
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

/** A table's header row of column names. */
export function ColumnHeads({ names }: { names: readonly string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function AttemptsTable({
  state,
  now,
  runEnd,
}: {
  state: Pick<TaskRunState, 'attemptHistory'>;
  now: number;
  runEnd: number | undefined;
}) {
  if (state.attemptHistory.length === 0) return <p className="panel__hint">No attempts yet.</p>;
  return (
    <table className="run-table" data-testid="attempts-table">
      <ColumnHeads names={['#', 'Outcome', 'Started', 'Duration', 'Error']} />
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

export function Section({
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
