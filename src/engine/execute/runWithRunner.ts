// The shared body of every executor: validate, prepare the runner, resume, schedule, settle.
import {
  RunCancelledError,
  RunTimeoutError,
  WorkflowExecutionError,
  WorkflowValidationError,
} from '../model/errors.ts';
import { WorkflowStatus } from '../model/status.ts';
import { FlowWeaverError } from '../model/errors.ts';
import type { RunResult } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import { systemClock, type Clock } from '../schedule/clock.ts';
import { compareResumeShape, resumeMismatchMessage } from '../schedule/resumeShape.ts';
import { restoreRun, type RestoredRun } from '../schedule/runState.ts';
import type { StoredRun } from '../storage/StateStore.ts';
import { Scheduler } from '../schedule/Scheduler.ts';
import type { RunnableTask, TaskRunner } from '../schedule/TaskRunner.ts';
import type { ExecuteOptions } from './Executor.ts';
import { resolveParams } from '../model/params.ts';
import { DEFAULT_MAX_MAP_INSTANCES } from '../model/mapping.ts';
import { Redactor, requireSecrets } from '../model/secrets.ts';

/** `ExecuteOptions` plus the knobs executors and tests set. */
export interface RunnerExecuteOptions extends ExecuteOptions {
  /** Recorded on the stored run, e.g. `sequential`. */
  executorKind?: string;
  /** Virtual time for tests. */
  clock?: Clock;
  /** Jitter source for tests. */
  random?: () => number;
}

/** A fresh run id: a UUID where available, otherwise time plus randomness. */
export function createRunId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Refuses (E_RESUME_MISMATCH) to resume a run recorded for a different workflow unless
 * `forceResume`; a record without a workflow snapshot resumes as before, with a note.
 */
function checkResumeShape(
  workflow: Workflow,
  stored: StoredRun,
  runId: string,
  options: RunnerExecuteOptions,
): void {
  const shape = compareResumeShape(workflow, stored);
  if (shape.kind === 'same') return;
  const warn = options.onWarning ?? ((message: string) => console.warn(`[flowweaver] ${message}`));
  if (shape.kind === 'unchecked') {
    warn(
      `Run "${runId}" in the store has no workflow snapshot (recorded by an older FlowWeaver): ` +
        `resumed without checking that it is a run of "${workflow.name}".`,
    );
    return;
  }
  if (!options.forceResume) {
    const message = resumeMismatchMessage(workflow, runId, shape.differences);
    throw new FlowWeaverError('E_RESUME_MISMATCH', message);
  }
  warn(
    `Resumed run "${runId}" although it was recorded for a different workflow (forced): ` +
      `${shape.differences.join('; ')}.`,
  );
}

/** Refuses an `execute` option `maxMapInstances` that is not a positive whole number. */
function checkMapLimit(limit: number | undefined): void {
  if (limit === undefined || (Number.isInteger(limit) && limit > 0)) return;
  throw new WorkflowValidationError({
    code: 'E_BAD_OPTION',
    message: `execute option "maxMapInstances" must be a positive whole number (got ${limit})`,
  });
}

/** The runner's view of the workflow's tasks, aligned with `workflow.tasks`. */
export function toRunnableTasks(workflow: Workflow): readonly RunnableTask[] {
  return workflow.getRunnableTasks();
}

/**
 * Runs `workflow` on `runner` (contract §2, §3, §5): validates, calls `runner.prepare`, resumes from
 * the store when it knows the run id, schedules, flushes the store, then resolves with the
 * `RunResult` or rejects with `WorkflowExecutionError` / `RunCancelledError` carrying it.
 * Every executor (ThreadedExecutor included) is a thin wrapper around this.
 */
export async function executeWithRunner(
  workflow: Workflow,
  runner: TaskRunner,
  options: RunnerExecuteOptions = {},
): Promise<RunResult> {
  if (workflow.running) {
    throw new FlowWeaverError(
      'E_ALREADY_RUNNING',
      `Workflow "${workflow.name}" is already running`,
    );
  }
  // The resume lookup reads the store (IndexedDB, a file, SQLite): started first, it overlaps the
  // checks and the runner's preparation. A run id made for this run has nothing to find.
  const store = options.store;
  const lookup =
    store && options.runId !== undefined && !options.newRun
      ? store.loadRun(workflow.id, options.runId)
      : undefined;
  lookup?.catch(() => undefined); // awaited below, unless a check refuses the run first
  workflow.validate();
  checkMapLimit(options.maxMapInstances);
  workflow.running = true;
  try {
    const plan = workflow.getRunPlan();
    await runner.prepare?.(plan.runnables);
    const tasks = workflow.tasks;
    for (let i = 0; i < tasks.length; i++) tasks[i]!.reset();
    const runId = options.runId ?? createRunId();
    let resumed: RestoredRun = { restored: [] };
    let storedParams: Record<string, unknown> | undefined;
    if (lookup) {
      const stored = await lookup;
      if (stored) {
        checkResumeShape(workflow, stored, runId, options);
        resumed = restoreRun(workflow.tasks, stored, (options.clock ?? systemClock).now());
        storedParams = stored.run.params;
      }
    }
    const params = resolveParams(workflow.params, options.params ?? storedParams);
    const secrets = requireSecrets(workflow.tasks, options.secrets);
    const redactor = new Redactor(Object.values(secrets));
    const scheduler = new Scheduler(workflow, {
      runner,
      plan,
      runId,
      store,
      signal: options.signal,
      failFast: options.failFast,
      timeoutMs: workflow.timeoutMs,
      onEvent: options.onEvent,
      clock: options.clock,
      random: options.random,
      executorKind: options.executorKind,
      retryOf: options.retryOf,
      restored: resumed.restored,
      startedAt: resumed.startedAt,
      restoredInstances: resumed.instances,
      maxMapInstances:
        options.maxMapInstances ?? workflow.maxMapInstances ?? DEFAULT_MAX_MAP_INSTANCES,
      params,
      secrets,
      redactor: redactor.empty ? undefined : redactor,
    });
    const result = await scheduler.run();
    if (result.status === WorkflowStatus.Cancelled) throw new RunCancelledError(result);
    if (result.timedOut)
      throw new RunTimeoutError(workflow.name, workflow.timeoutMs!, result, scheduler.failedTasks);
    if (result.status === WorkflowStatus.Failed) {
      const failed = scheduler.failedTasks;
      const first = workflow.getTask(failed[0]!)?.error;
      throw new WorkflowExecutionError(failed, result, first?.message);
    }
    return result;
  } finally {
    workflow.running = false;
  }
}
