// The drawer's list of a mapped task's instances (paged: a page of rows in the DOM however many
// instances there are), filtered by status; choosing one shows its logs, output, error, inputs
// and attempts as for a task.
import { useEffect, useRef, useState } from 'react';
import { TASK_STATUSES, instanceKey, type TaskStatus } from '../../../engine/index.ts';
import {
  formatAttemptCount,
  attemptCount,
  formatDuration,
  taskDurationMs,
} from '../../run/durations.ts';
import { instanceAt, instanceTotal } from '../../store/mapInstances.ts';
import type { RunView } from '../../store/runSlice.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { useNow } from '../shared/useNow.ts';
import { ColumnHeads, Section } from './drawerParts.tsx';
import { StateSections, type InputEntry } from './StateSections.tsx';

/** Rows per page of the instance list. */
export const INSTANCE_PAGE_SIZE = 50;

type Filter = TaskStatus | 'all';

/** The indexes of instances in `filter`'s status, in item order. */
function indexesOf(run: RunView, task: string, total: number, filter: Filter): number[] {
  const list = run.instances?.[task];
  const out: number[] = [];
  for (let i = 0; i < total; i++)
    if (filter === 'all' || (list?.[i]?.status ?? 'pending') === filter) out.push(i);
  return out;
}

/** The inputs an instance received: the mapped upstream's item `index`, the other upstreams whole. */
function instanceInputs(inputs: readonly InputEntry[], over: string, index: number): InputEntry[] {
  return inputs.map((input) =>
    input.name === over && input.produced && Array.isArray(input.value)
      ? { ...input, value: input.value[index], note: `item ${index}` }
      : input,
  );
}

function InstanceDetails(props: {
  run: RunView;
  task: string;
  over: string;
  index: number;
  retries: number;
  inputs: readonly InputEntry[];
}) {
  const { run, task, index } = props;
  const stored = run.instances?.[task]?.[index];
  const state = instanceAt(run.instances?.[task], task, index);
  const now = useNow(state.status === 'running' || state.status === 'retrying', 500);
  const box = useRef<HTMLDivElement>(null);
  // The details open below the list: bring them into view when an instance is chosen. (Braces:
  // Chromium's scrollIntoView returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <div className="instance-details" data-testid="instance-details" data-index={index} ref={box}>
      <h3 className="panel__subtitle">
        {task} — instance #{index}
      </h3>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={state.status} />
            {state.restored && <span className="panel__hint"> (restored)</span>}
            {state.skipMessage && <p className="panel__hint">{state.skipMessage}</p>}
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd data-testid="instance-attempt-count">
            {formatAttemptCount(attemptCount(state, props.retries))}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(taskDurationMs(state, now))}</dd>
        </div>
      </dl>
      <StateSections
        run={run}
        state={state}
        logKey={instanceKey(task, index)}
        logState={stored}
        inputs={instanceInputs(props.inputs, props.over, index)}
        now={now}
        noInputs={props.inputs.length === 0}
      />
    </div>
  );
}

/** The instances of mapped task `task` of `run`, a page at a time, and the chosen one's details. */
export function MapInstances(props: {
  run: RunView;
  task: string;
  over: string;
  retries: number;
  inputs: readonly InputEntry[];
}) {
  const { run, task } = props;
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(0);
  const [chosen, setChosen] = useState<number | null>(null);
  const list = run.instances?.[task];
  const total = instanceTotal(run.tasks[task], list);
  const now = useNow(run.status === 'running', 1000);
  if (total === 0) {
    return (
      <Section title="Instances" testId="map-instances">
        <p className="panel__hint">
          No instances{run.tasks[task]?.status === 'skipped' ? ' (the array was empty)' : ' yet'}.
        </p>
      </Section>
    );
  }
  const indexes = indexesOf(run, task, total, filter);
  const pages = Math.max(1, Math.ceil(indexes.length / INSTANCE_PAGE_SIZE));
  const shownPage = Math.min(page, pages - 1);
  const rows = indexes.slice(shownPage * INSTANCE_PAGE_SIZE, (shownPage + 1) * INSTANCE_PAGE_SIZE);
  return (
    <Section title="Instances" testId="map-instances">
      <div className="instance-tools">
        <label className="field">
          <span>Show instances</span>
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as Filter);
              setPage(0);
            }}
          >
            <option value="all">all ({total.toLocaleString('en-US')})</option>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <div className="instance-pager" role="group" aria-label="Instance pages">
          <button type="button" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
            Previous
          </button>
          <span data-testid="instance-page">
            {indexes.length === 0
              ? 'none'
              : `${(shownPage * INSTANCE_PAGE_SIZE + 1).toLocaleString('en-US')}–${(shownPage * INSTANCE_PAGE_SIZE + rows.length).toLocaleString('en-US')} of ${indexes.length.toLocaleString('en-US')}`}
          </span>
          <button
            type="button"
            disabled={shownPage >= pages - 1}
            onClick={() => setPage(shownPage + 1)}
          >
            Next
          </button>
        </div>
      </div>
      <div className="instance-list">
        <table className="run-table" data-testid="instances-table">
          <ColumnHeads names={['Item', 'Status', 'Attempts', 'Duration']} />
          <tbody>
            {rows.map((i) => {
              const state = instanceAt(list, task, i);
              return (
                <tr
                  key={i}
                  data-testid="instance-row"
                  data-index={i}
                  data-status={state.status}
                  className={chosen === i ? 'is-chosen' : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Instance ${i}: ${state.status}`}
                      aria-pressed={chosen === i}
                      onClick={() => setChosen(chosen === i ? null : i)}
                    >
                      #{i}
                    </button>
                  </td>
                  <td>
                    <StatusChip status={state.status} />
                  </td>
                  <td>{state.attempts}</td>
                  <td>{formatDuration(taskDurationMs(state, now))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {chosen !== null && chosen < total && (
        <InstanceDetails key={chosen} {...props} index={chosen} />
      )}
    </Section>
  );
}
