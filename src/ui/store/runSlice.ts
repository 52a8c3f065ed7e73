import type { RunExecutorOptions } from '../../runner/protocol.ts';
import type { StateCreator } from 'zustand';
import {
  asRecord,
  copyRecord,
  emptyRecord,
  instanceKey,
  type LogLine,
  type RunEvent,
  type RunLineage,
  type TaskInstanceState,
  type TaskRunState,
  type TaskStatus,
  type WorkflowDocument,
  type WorkflowStatus,
} from '../../engine/index.ts';
import type { AppState } from './appStore.ts';
import type { InstanceList, InstancesByTask } from './mapInstances.ts';

/** Executors a person can pick for a run. */
export type ExecutorKind = RunExecutorOptions['kind'];

export interface RunSettings {
  executor: ExecutorKind;
  /** Threaded: worker count (default: hardware concurrency). */
  workers: number;
  /** Async: maximum tasks at once. */
  concurrency: number;
}

/** Where the run on screen comes from. */
export type RunSource =
  /** Executed by this tab now. */
  | 'live'
  /** Opened from run history, read-only. */
  | 'history'
  /** Executed by another tab, mirrored read-only. */
  | 'remote';

/**
 * Most log lines kept per task in memory for the drawer: as many as the stores keep, so one
 * attempt's log, already capped where it was captured (first lines, a note, last lines), shows
 * whole.
 */
export const LIVE_LOG_CAP = 1000;

/**
 * The run shown on the canvas and in the panels. Plain data: safe to persist or mirror. Its records
 * by task name have no prototype (`showRun` makes sure), so a task may be named `constructor`.
 */
export interface RunView {
  runId: string;
  workflowId: string;
  /** The document the run executed (a snapshot; the editor may have changed since). */
  document: WorkflowDocument;
  /** The executor and its options, as the run worker received them. */
  executor: RunExecutorOptions;
  status: WorkflowStatus;
  source: RunSource;
  startedAt: number;
  finishedAt?: number;
  /** Task states by name; a task absent here is pending. */
  tasks: Record<string, TaskRunState>;
  /**
   * Instances of mapped tasks by task name, each list indexed by the item's position (holes for
   * instances not started yet). Absent when the run has no mapped task.
   */
  instances?: InstancesByTask;
  /**
   * Live log lines by task (capped at LIVE_LOG_CAP, oldest dropped); an instance's lines are kept
   * under `instanceKey(task, index)`.
   */
  logs: Record<string, LogLine[]>;
  /** Lines dropped per task by the cap. */
  droppedLogs: Record<string, number>;
  /** Names restored from an earlier attempt of this run (resume, retry failed). */
  restored: string[];
  /** Set when this run retries an earlier one ("Retry failed"); that run stays as it ended. */
  retryOf?: RunLineage;
  /** Set when the run ended `failed` because it exceeded the workflow's `timeoutMs`. */
  timedOut?: true;
  /** The parameter values the run ran with (recorded on its run record); absent when none. */
  params?: Record<string, unknown>;
  /** Time of the latest task transition received (the elapsed clock moves with it). */
  lastEventAt?: number;
}

export interface RunSlice {
  run: RunView | null;
  runSettings: RunSettings;
  setRunSettings: (patch: Partial<RunSettings>) => void;
  /** Shows a run (fresh, resumed, from history or mirrored). */
  showRun: (run: RunView) => void;
  /** Applies a batch of engine events to the shown run, in order (one store update per batch). */
  applyRunEvents: (events: readonly RunEvent[]) => void;
  /** Hides the run: the canvas goes back to plain editing colours. */
  clearRun: () => void;
}

const defaultWorkers = (): number =>
  Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 2));

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  run: null,
  runSettings: { executor: 'threaded', workers: defaultWorkers(), concurrency: 4 },
  setRunSettings: (patch) => set((s) => ({ runSettings: { ...s.runSettings, ...patch } })),
  showRun: (run) => set({ run: withRecords(run) }),
  applyRunEvents: (events) => set((s) => (s.run ? { run: reduceRunEvents(s.run, events) } : {})),
  clearRun: () => set({ run: null }),
});

/**
 * The run with prototype-free records by task name: a view mirrored from another tab, built from a
 * stored run or spread by a caller arrives with plain objects, where `tasks['constructor']` reads
 * `Object` and a write to `tasks['__proto__']` is lost. Records already prototype-free are kept.
 */
export function withRecords(run: RunView): RunView {
  const tasks = asRecord(run.tasks);
  const logs = asRecord(run.logs);
  const droppedLogs = asRecord(run.droppedLogs);
  const instances = run.instances && asRecord(run.instances);
  return tasks === run.tasks &&
    logs === run.logs &&
    droppedLogs === run.droppedLogs &&
    instances === run.instances
    ? run
    : { ...run, tasks, logs, droppedLogs, ...(instances ? { instances } : {}) };
}

/** Pure: the run after `events`. Events of another run id are ignored. */
export function reduceRunEvents(shown: RunView, events: readonly RunEvent[]): RunView {
  const run = withRecords(shown);
  let tasks = run.tasks;
  let logs = run.logs;
  let droppedLogs = run.droppedLogs;
  let instances = run.instances;
  /** Instance lists already copied in this batch (each is copied once per batch, not per event). */
  const copiedLists = new Set<string>();
  let { status, startedAt, finishedAt, restored, lastEventAt, timedOut } = run;
  for (const event of events) {
    if (event.runId !== run.runId) continue;
    switch (event.type) {
      case 'run-started':
        restored = event.restored;
        // The engine's start (the first one, for a resumed run): every view measures from it.
        startedAt = event.startedAt ?? event.at;
        break;
      case 'task-status':
        if (tasks === run.tasks) tasks = copyRecord(tasks);
        tasks[event.task] = event.state;
        lastEventAt = Math.max(lastEventAt ?? 0, event.at);
        break;
      case 'task-instance': {
        const task = tasks[event.task];
        if (task) {
          if (tasks === run.tasks) tasks = copyRecord(tasks);
          tasks[event.task] = { ...task, map: event.map };
        }
        if (instances === run.instances) instances = copyRecord(instances);
        if (!copiedLists.has(event.task)) {
          copiedLists.add(event.task);
          instances ??= emptyRecord<InstanceList>();
          instances[event.task] = [...(instances[event.task] ?? [])];
        }
        (instances![event.task] as TaskInstanceState[])[event.index] = event.state;
        lastEventAt = Math.max(lastEventAt ?? 0, event.at);
        break;
      }
      case 'task-log': {
        // An instance's lines go to its own list, as the stores keep them.
        const key =
          event.instance === undefined ? event.task : instanceKey(event.task, event.instance);
        if (logs === run.logs) logs = copyRecord(logs);
        const lines = [...(logs[key] ?? []), event.line];
        const over = lines.length - LIVE_LOG_CAP;
        if (over > 0) {
          lines.splice(0, over);
          if (droppedLogs === run.droppedLogs) droppedLogs = copyRecord(droppedLogs);
          droppedLogs[key] = (droppedLogs[key] ?? 0) + over;
        }
        logs[key] = lines;
        break;
      }
      case 'task-retry':
        break;
      case 'run-finished': {
        status = event.status;
        finishedAt = event.at;
        if (event.result.timedOut) timedOut = true;
        // The final states equal the last task-status ones for most tasks: keep those objects so
        // a 1,000-task canvas does not re-render every node when the run ends.
        const merged = copyRecord(tasks);
        for (const [name, state] of Object.entries(event.result.tasks)) {
          if (!sameTaskState(merged[name], state)) merged[name] = state;
        }
        tasks = merged;
        break;
      }
    }
  }
  return {
    ...run,
    tasks,
    logs,
    droppedLogs,
    ...(instances ? { instances } : {}),
    status,
    restored,
    startedAt,
    ...(finishedAt ? { finishedAt } : {}),
    ...(lastEventAt !== undefined ? { lastEventAt } : {}),
    ...(timedOut ? { timedOut } : {}),
  };
}

function sameTaskState(a: TaskRunState | undefined, b: TaskRunState): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.attempts === b.attempts &&
    a.finishedAt === b.finishedAt &&
    a.restored === b.restored
  );
}

/** The status of a task in the shown run (`pending` when absent or no run). */
export function taskStatusIn(run: RunView | null, name: string): TaskStatus {
  return run?.tasks[name]?.status ?? 'pending';
}

/** Counts the header shows: done (completed, failed, skipped or cancelled) of total. */
export interface RunProgressCounts {
  total: number;
  done: number;
  completed: number;
  failed: number;
  skipped: number;
  cancelled: number;
  running: number;
}

/** Progress of `run` over the tasks of the document it executes. Pure. */
export function runProgress(run: RunView): RunProgressCounts {
  const counts: RunProgressCounts = {
    total: run.document.tasks.length,
    done: 0,
    completed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    running: 0,
  };
  for (const task of run.document.tasks) {
    switch (run.tasks[task.name]?.status) {
      case 'completed':
        counts.completed++;
        break;
      case 'failed':
        counts.failed++;
        break;
      case 'skipped':
        counts.skipped++;
        break;
      case 'cancelled':
        counts.cancelled++;
        break;
      case 'running':
      case 'retrying':
        counts.running++;
        break;
      default:
        break;
    }
  }
  counts.done = counts.completed + counts.failed + counts.skipped + counts.cancelled;
  return counts;
}

/** True while the shown run is executing here or in another tab. */
export const selectRunActive = (s: AppState): boolean => s.run?.status === 'running';

/**
 * The run every status view shows (canvas nodes and edges, minimap, Mermaid, the Run tab, timeline,
 * metrics, header progress): the shown run when it belongs to the open workflow, else none. The
 * store keeps a run of another workflow while it runs in this tab, and task names repeat across
 * workflows: a status read from `s.run` by name alone would colour another workflow's tasks.
 */
export const selectShownRun = (s: AppState): RunView | null =>
  s.run && s.run.workflowId === s.document.id ? s.run : null;

/** A task's state in the shown run ({@link selectShownRun}), `undefined` when pending or none. */
export const taskRunStateOf = (s: AppState, name: string): TaskRunState | undefined =>
  selectShownRun(s)?.tasks[name];
