import { useEffect, useState } from 'react';
import { paramsSummary } from '../../runInputs/RunParamsFacts.tsx';
import { emptyRecord, messageOf, type RunRecord, type StoredRun } from '../../../engine/index.ts';
import { getAppStateStore } from '../../persistence/appStateStore.ts';
import { useAppStore, type AppState } from '../../store/appStore.ts';
import { formatDateTime, formatDuration, isRunActive, shortRunId } from '../shared/format.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { openStoredRun } from './openRun.ts';
import { lineageText, retriedBy } from './runLineage.ts';
import { handledFailuresText } from '../../run/runMessages.ts';
import { nonZeroCounts, summarizeRun } from './runSummary.ts';
import { mapProgressText } from '../../canvas/mapProgress.ts';
import './history.css';

const PAGE = 50;
const selectWorkflowId = (s: AppState) => s.document.id;
/** Changes when a run starts, finishes or is swapped: the list reloads then. */
const selectRunKey = (s: AppState) => (s.run ? `${s.run.runId}:${s.run.status}` : '');
const selectShownRunId = (s: AppState) => s.run?.runId ?? null;
const selectLiveActive = (s: AppState) => s.run?.source === 'live' && isRunActive(s.run);

function RunRow({
  record,
  retries,
  shown,
  liveActive,
  onDeleted,
}: {
  record: RunRecord;
  /** Runs that retried this one. */
  retries: readonly string[] | undefined;
  shown: boolean;
  liveActive: boolean;
  onDeleted: () => void;
}) {
  const [tasks, setTasks] = useState<StoredRun['tasks'] | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Task states load per visible row, after the list itself.
  useEffect(() => {
    let cancelled = false;
    getAppStateStore()
      .then(({ store }) => store.loadRun(record.workflowId, record.runId))
      .then(
        (stored) => !cancelled && setTasks(stored?.tasks ?? emptyRecord()),
        () => !cancelled && setTasks(emptyRecord()),
      );
    return () => {
      cancelled = true;
    };
  }, [record.workflowId, record.runId, record.updatedAt]);
  const summary = summarizeRun(record, tasks ?? undefined);
  const lineage = lineageText(record, retries);
  const isLive = shown && liveActive;
  const remove = async () => {
    try {
      const { store } = await getAppStateStore();
      await store.deleteRun(record.workflowId, record.runId);
      const state = useAppStore.getState();
      if (state.run?.runId === record.runId) state.clearRun();
      state.showToast({ kind: 'info', message: `Deleted run ${shortRunId(record.runId)}.` });
      onDeleted();
    } catch (e) {
      useAppStore
        .getState()
        .showToast({ kind: 'error', message: `Could not delete the run: ${messageOf(e)}` });
    }
  };
  return (
    <tr
      data-testid="run-row"
      data-run-id={record.runId}
      data-status={record.status}
      data-attempt={record.retryOf?.attempt ?? 1}
      data-parent-run-id={record.retryOf?.parentRunId}
      className={shown ? 'is-shown' : undefined}
    >
      <td>
        <StatusChip status={summary.status} />
        {summary.handledFailures > 0 && (
          <span className="panel__hint run-handled" data-testid="run-row-handled">
            {handledFailuresText(summary.handledFailures)}
          </span>
        )}
      </td>
      <td>{formatDateTime(summary.startedAt)}</td>
      <td data-testid="run-row-duration">{formatDuration(summary.durationMs)}</td>
      <td>
        <div className="run-counts">
          {summary.counts === null
            ? '…'
            : nonZeroCounts(summary.counts).map(([s, n]) => (
                <StatusChip key={s} status={s} label={`${n} ${s}`} />
              ))}
        </div>
        {tasks &&
          Object.values(tasks)
            .filter((t) => t.map !== undefined)
            .map((t) => (
              <div key={t.name} className="panel__hint" data-testid="run-row-map">
                {t.name}: {mapProgressText(t.map!)}
              </div>
            ))}
      </td>
      <td>
        <code title={record.runId}>{shortRunId(record.runId)}</code>
        {lineage && (
          <span className="run-lineage panel__hint" data-testid="run-lineage">
            {lineage}
          </span>
        )}
        {record.params && (
          <span className="run-lineage panel__hint" data-testid="run-row-params">
            {paramsSummary(record.params)}
          </span>
        )}
      </td>
      <td>
        <div className="run-actions">
          {confirming ? (
            <>
              <span>Delete this run?</span>
              <button type="button" className="danger" onClick={() => void remove()}>
                Confirm delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                disabled={shown || liveActive}
                title={
                  shown
                    ? 'This run is on the canvas'
                    : liveActive
                      ? 'Wait for the current run to finish'
                      : 'Show this run on the canvas, read-only'
                }
                onClick={() => void openStoredRun(record.workflowId, record.runId)}
              >
                {shown ? 'Shown' : 'Open'}
              </button>
              <button
                type="button"
                disabled={isLive}
                title={isLive ? 'The run is still running' : 'Delete this run and its logs'}
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The "Runs" tab: past runs of the open workflow, newest first: open one read-only on the canvas, or delete it. */
export function HistoryTab() {
  const workflowId = useAppStore(selectWorkflowId);
  const runKey = useAppStore(selectRunKey);
  const shownRunId = useAppStore(selectShownRunId);
  const liveActive = useAppStore(selectLiveActive);
  const [records, setRecords] = useState<RunRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      getAppStateStore()
        .then(({ store }) => store.listRuns(workflowId))
        .then(
          (list) => {
            if (cancelled) return;
            setRecords(list);
            setError(null);
          },
          (e: unknown) => !cancelled && setError(messageOf(e)),
        );
    void load();
    // A finishing run's last writes are batched: look again once they have landed.
    const again = setTimeout(() => void load(), 800);
    return () => {
      cancelled = true;
      clearTimeout(again);
    };
  }, [workflowId, runKey, version]);

  if (error)
    return (
      <p className="panel__hint bottom-empty" role="alert">
        Could not list runs: {error}
      </p>
    );
  if (!records) return <p className="panel__hint bottom-empty">Loading runs…</p>;
  const retries = retriedBy(records);
  if (records.length === 0) {
    return (
      <p className="panel__hint bottom-empty" data-testid="runs-empty">
        No runs of this workflow yet. Press Run to start one.
      </p>
    );
  }
  return (
    <div className="run-history" data-testid="run-history">
      <table className="task-table run-history__table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Tasks</th>
            <th scope="col">Run</th>
            <th scope="col">
              <button
                type="button"
                className="link-button"
                onClick={() => setVersion((v) => v + 1)}
              >
                Refresh
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.slice(0, limit).map((r) => (
            <RunRow
              key={`${r.runId}:${r.status}:${r.updatedAt}`}
              record={r}
              retries={retries.get(r.runId)}
              shown={shownRunId === r.runId}
              liveActive={liveActive}
              onDeleted={() => setVersion((v) => v + 1)}
            />
          ))}
        </tbody>
      </table>
      {records.length > limit && (
        <button
          type="button"
          className="link-button run-history__more"
          onClick={() => setLimit((l) => l + PAGE)}
        >
          Show {Math.min(PAGE, records.length - limit)} more of {records.length - limit}
        </button>
      )}
    </div>
  );
}
