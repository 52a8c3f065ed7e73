// New runs made from an earlier one, and the resume of an interrupted one: "Retry failed" (the
// failed part again, linked to the run it retries), "Run from here" / "Run this task" (seeded with
// the shown run's other results) and the resume after a reload (same run id, restored by the
// engine). Each becomes an Execution for runController's `execute`.
import {
  createRunId,
  emptyRecord,
  instanceRecord,
  type RunLineage,
  type StoredRun,
  type TaskRunState,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';
import type { ExecutorKind, RunView } from '../store/runSlice.ts';
import {
  instancesFromStored,
  type InstanceList,
  type InstancesByTask,
} from '../store/mapInstances.ts';
import { currentSettings, execute, executorOptionsOf, toast } from './runController.ts';
import { planPartialRun, retryDocument, type PartialRunMode } from './runPlan.ts';

/**
 * "Retry failed": a new run linked to the shown one (Dagster's re-execution from failure): the
 * shown run's completed tasks are seeded into it as restored (never run again, their results feed
 * their downstream), and the failed, skipped and cancelled ones run with the CURRENT code of every
 * task the run had. The retried run is left as it ended, so history keeps the failure, its error
 * and its logs.
 */
export function retryFailed(): Promise<void> {
  const { run, document } = useAppStore.getState();
  if (!run || run.workflowId !== document.id) {
    toast('error', 'There is no run of this workflow to retry');
    return Promise.resolve();
  }
  const retried = retryDocument(document, run.document);
  const names = new Set(retried.tasks.map((t) => t.name));
  const seeds: TaskRunState[] = [];
  const initialTasks = emptyRecord<TaskRunState>();
  for (const [name, state] of Object.entries(run.tasks)) {
    if (state.status !== 'completed' || !names.has(name)) continue;
    // Marked restored in the new run's store too: its logs are found in the run that ran it.
    const seed = { ...state, restored: true };
    seeds.push(seed);
    initialTasks[name] = seed;
  }
  // A mapped task that did not complete runs again only for the instances that did not: the
  // completed ones are seeded too, and the engine restores them when its array was restored.
  const instances = retriedInstances(run, names);
  for (const list of Object.values(instances))
    for (const state of list) if (state) seeds.push(instanceRecord(state));
  return execute({
    document: retried,
    runId: createRunId(),
    newRun: true,
    seeds,
    initialTasks,
    initialInstances: instances,
    retryOf: retryLineage(run),
    executor: executorOptionsOf(currentSettings()),
    // The retry runs with the values the retried run had.
    ...reusedParams(retried, run.params),
  });
}

/**
 * The shown run's parameter values for a new run of `doc` (Retry failed, Run from here): those
 * `doc` still declares. A parameter declared since takes its default; one removed since is dropped.
 */
function reusedParams(
  doc: WorkflowDocument,
  values: Record<string, unknown> | undefined,
): { params?: Record<string, unknown> } {
  if (!values) return {};
  const declared = new Set((doc.params ?? []).map((p) => p.name));
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (declared.has(name)) params[name] = value;
  return { params };
}

/** The lineage of a retry of `run`: the next attempt of the chain `run` belongs to. */
export function retryLineage(run: Pick<RunView, 'runId' | 'retryOf'>): RunLineage {
  return {
    parentRunId: run.runId,
    rootRunId: run.retryOf?.rootRunId ?? run.runId,
    attempt: (run.retryOf?.attempt ?? 1) + 1,
  };
}

/**
 * The completed instances (marked restored) of the shown run's mapped tasks that did not complete
 * and are still in the retried document, by task.
 */
function retriedInstances(run: RunView, names: ReadonlySet<string>): InstancesByTask {
  const out = emptyRecord<InstanceList>();
  for (const [task, list] of Object.entries(run.instances ?? {})) {
    if (!names.has(task) || run.tasks[task]?.status === 'completed') continue;
    out[task] = list.map((state) =>
      state?.status === 'completed' ? { ...state, restored: true } : undefined,
    );
  }
  return out;
}

/**
 * "Run from here" (the task and everything downstream of it) or "Run this task" (only it), as a
 * new run whose store is seeded with the shown run's completed results of every other task.
 */
export function runPartial(taskName: string, mode: PartialRunMode): Promise<void> {
  const { run, document } = useAppStore.getState();
  const shown = run && run.workflowId === document.id ? run.tasks : emptyRecord<TaskRunState>();
  const plan = planPartialRun(document, shown, taskName, mode);
  if (!plan.ok) {
    toast('error', plan.message);
    return Promise.resolve();
  }
  const initialTasks = emptyRecord<TaskRunState>();
  const inRun = new Set(plan.document.tasks.map((t) => t.name));
  // Tasks left out of the new run keep showing what the shown run did with them.
  for (const [name, state] of Object.entries(shown))
    if (!inRun.has(name)) initialTasks[name] = state;
  for (const seed of plan.seeds) initialTasks[seed.name] = { ...seed, restored: true };
  return execute({
    document: plan.document,
    runId: createRunId(),
    newRun: true,
    seeds: plan.seeds,
    initialTasks,
    executor: executorOptionsOf(currentSettings()),
    ...reusedParams(plan.document, run?.workflowId === document.id ? run.params : undefined),
  });
}

/**
 * Resumes an interrupted run (same run id, the stored document snapshot); the caller holds the
 * run's lock. Completed tasks are restored by the engine and never run twice.
 */
export function resumeRun(stored: StoredRun): Promise<void> {
  const doc = stored.run.document;
  if (!doc) {
    toast('error', 'An interrupted run could not be resumed: its workflow snapshot is missing');
    return Promise.resolve();
  }
  const names = new Set(doc.tasks.map((t) => t.name));
  const initialTasks = emptyRecord<TaskRunState>();
  let running = 0;
  for (const state of Object.values(stored.tasks)) {
    if (!names.has(state.name)) continue;
    if (state.status === 'completed') initialTasks[state.name] = { ...state, restored: true };
    else if (state.status === 'running' || state.status === 'retrying') running++;
  }
  const restored = Object.keys(initialTasks).length;
  toast(
    'info',
    `Resumed: ${restored} task${restored === 1 ? '' : 's'} restored, ${running} running again`,
    stored.run.workflowId,
  );
  const kind = (['threaded', 'async', 'sequential'] as const).find(
    (k) => k === stored.run.executor?.kind,
  );
  return execute({
    document: doc,
    runId: stored.run.runId,
    initialTasks,
    ...(stored.instances ? { initialInstances: instancesFromStored(stored, true) } : {}),
    executor: executorOptionsOf(
      currentSettings(),
      (kind ?? currentSettings().executor) as ExecutorKind,
    ),
    lockHeld: true,
    ...(stored.run.params ? { params: stored.run.params } : {}),
    // A resumed retry is still that retry: its record keeps the link to the run it retries.
    ...(stored.run.retryOf ? { retryOf: stored.run.retryOf } : {}),
  });
}
