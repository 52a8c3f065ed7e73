// The drawer's sections about one execution: a task's, or one instance's of a mapped task (error,
// logs, output, inputs, attempts). Outputs and inputs render as text (JsonTree), never markup.
import type { TaskInstanceState, TaskRunState } from '../../../engine/index.ts';
import type { RunView } from '../../store/runSlice.ts';
import { copyText } from '../shared/copyText.ts';
import { AttemptsTable, ErrorView, Section } from './drawerParts.tsx';
import { JsonTree } from './JsonTree.tsx';
import { toCopyText } from './jsonTree.ts';
import { LogView } from './LogView.tsx';

/** One upstream's value as the task (or instance) received it. */
export interface InputEntry {
  name: string;
  /** The upstream produced a value (it completed). */
  produced: boolean;
  value?: unknown;
  /** The upstream's status, said when it produced nothing. */
  status: string;
  /** Why the value differs from the upstream's result (an instance gets one item). */
  note?: string;
}

/** Upstream `dep`'s result in `run`, as an input. */
export function inputOf(run: RunView, dep: string): InputEntry {
  const up = run.tasks[dep];
  return up?.status === 'completed'
    ? { name: dep, produced: true, value: up.result, status: up.status }
    : { name: dep, produced: false, status: up?.status ?? 'pending' };
}

function InputsView({ inputs }: { inputs: readonly InputEntry[] }) {
  return (
    <div className="drawer-inputs">
      {inputs.map((input) =>
        input.produced ? (
          <JsonTree
            key={input.name}
            label={input.note ? `${input.name} (${input.note})` : input.name}
            value={input.value}
            open={input.note !== undefined}
          />
        ) : (
          <div key={input.name} className="json-tree">
            <div className="json-row">
              <span className="json-key">{input.name}: </span>
              <span className="panel__hint">not produced ({input.status})</span>
            </div>
          </div>
        ),
      )}
    </div>
  );
}

/**
 * Error, logs, output, inputs and attempts of `state`. Its log lines are kept under `logKey`;
 * `logState` is the stored state of an instance (it says whether the instance was restored).
 */
export function StateSections({
  run,
  state,
  logKey,
  logState,
  inputs,
  now,
  noInputs,
}: {
  run: RunView;
  state: TaskRunState | TaskInstanceState;
  logKey: string;
  logState?: TaskInstanceState | undefined;
  inputs: readonly InputEntry[];
  now: number;
  noInputs: boolean;
}) {
  const hasOutput = state.status === 'completed' && 'result' in state;
  return (
    <>
      {state.error && (
        <Section title="Error" testId="drawer-error">
          <ErrorView error={state.error} />
        </Section>
      )}

      <Section title="Logs" testId="drawer-logs">
        <LogView key={`${run.runId}/${logKey}`} run={run} task={logKey} state={logState} />
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
        {noInputs ? (
          <p className="panel__hint">No upstream tasks.</p>
        ) : (
          <InputsView inputs={inputs} />
        )}
      </Section>

      <Section title="Attempts" testId="drawer-attempts">
        <AttemptsTable state={state} now={now} runEnd={run.finishedAt} />
      </Section>
    </>
  );
}
