// Everything a run tells the outside world: task state, callbacks, typed events and the store.
// Kept apart from the scheduler so that, with no listener and no store, reporting costs a few checks.
import { formatLogArgs } from '../model/codeTask.ts';
import { FlowWeaverError, messageOf } from '../model/errors.ts';
import { serializeError } from '../model/serializeError.ts';
import { TaskStatus } from '../model/status.ts';
import type { Task } from '../model/Task.ts';
import type { LogLine, RunEvent, RunResult, WorkflowDocument } from '../model/types.ts';
import type { Workflow } from '../model/Workflow.ts';
import type { RunLineage, RunRecord, StateStore } from '../storage/StateStore.ts';
import type { Clock } from './clock.ts';
import type { Redactor } from '../model/secrets.ts';
import { instanceKey } from '../model/mapping.ts';
import { copySummary } from '../model/Task.ts';
import { instanceRecord } from '../storage/instanceRecords.ts';
import { TaskInstance } from './mappedTask.ts';

/** Where a run reports to. */
export interface RunReporterConfig {
  runId: string;
  workflowId: string;
  store?: StateStore | undefined;
  onEvent?: ((event: RunEvent) => void) | undefined;
  clock: Clock;
  /** Recorded on the stored run (e.g. `sequential`, `async`). */
  executorKind?: string | undefined;
  /** Recorded on the stored run: the run this one retries. */
  retryOf?: RunLineage | undefined;
  /** Recorded on the stored run: the parameter values it runs with. */
  params?: Readonly<Record<string, unknown>> | undefined;
  /**
   * The run's secret values, replaced by `***` in every log line, task result, error and retry
   * event before anything stores, emits or returns them.
   */
  redactor?: Redactor | undefined;
}

/** Applies task transitions and fans them out to callbacks, `onEvent` and the store, in order. */
export class RunReporter {
  readonly #cfg: RunReporterConfig;
  readonly #emit: ((event: RunEvent) => void) | undefined;
  readonly #store: StateStore | undefined;
  #storeError: unknown;
  #startedAt = 0;
  #document: WorkflowDocument | undefined;
  /** Counts calls out of the engine (callbacks, listener, store), so the scheduler can tell that none happened. */
  externalCalls = 0;

  constructor(config: RunReporterConfig) {
    this.#cfg = config;
    this.#store = config.store;
    const onEvent = config.onEvent;
    // A throwing listener must not break the run or hide later events from itself.
    this.#emit = onEvent
      ? (event) => {
          try {
            onEvent(event);
          } catch {
            /* listener errors are the listener's business */
          }
        }
      : undefined;
  }

  /**
   * Emits `run-started` and stores the run record. `startedAt` is the run's first start: `at`,
   * or earlier when this resumes an interrupted run.
   */
  runStarted(wf: Workflow, at: number, restored: string[], startedAt = at): void {
    this.#startedAt = startedAt;
    const { runId, workflowId } = this.#cfg;
    this.#emit?.({
      type: 'run-started',
      runId,
      workflowId,
      at,
      startedAt,
      resumed: restored.length > 0,
      restored,
      tasks: wf.tasks.map((t) => t.name),
    });
    if (this.#store) {
      // Kept for the final record too: a store may replace the run record rather than merge it.
      this.#document = wf.toDocument();
      this.#write(() =>
        this.#store!.saveRun({
          workflowId,
          runId,
          status: 'running',
          startedAt,
          document: this.#document!,
          ...this.#recordExtras(),
          updatedAt: at,
        }),
      );
    }
  }

  /**
   * Moves a task to `status`, then calls `onStatusChange`, emits `task-status` and records it.
   * `hasCallback: false` (from the run plan) spares a look at the task's options.
   */
  status(task: Task, status: TaskStatus, hasCallback = true): void {
    const previous = task.status;
    task.status = status;
    const callback = hasCallback ? task.options.onStatusChange : undefined;
    if (callback) this.#callback(task, 'onStatusChange', () => callback(task.name, status));
    if (!this.#emit && !this.#store) return;
    this.externalCalls++;
    const state = task.toRunState();
    const { runId, workflowId } = this.#cfg;
    this.#emit?.({
      type: 'task-status',
      runId,
      task: task.name,
      status,
      previous,
      attempt: task.attempts,
      at: this.#cfg.clock.now(),
      state,
    });
    if (this.#store) this.#write(() => this.#store!.recordTask(workflowId, runId, state));
  }

  /**
   * Moves an instance of a mapped task to `status` (and its task's counts), emits `task-instance`
   * and records it; when the instance just ended, the task's state is recorded again with its new
   * counts. Returns true when the instance just ended.
   */
  instanceStatus(inst: TaskInstance, status: TaskStatus): boolean {
    const previous = inst.status;
    inst.status = status;
    const ended = inst.mapped.move(previous, status);
    if (this.#emit || this.#store) this.#instanceReport(inst, previous, ended);
    return ended;
  }

  /** Reports an instance a resume restored as completed (it changes no count: it never ran). */
  instanceRestored(inst: TaskInstance): void {
    if (this.#emit || this.#store) this.#instanceReport(inst, TaskStatus.Pending, false);
  }

  #instanceReport(inst: TaskInstance, previous: TaskStatus, ended: boolean): void {
    this.externalCalls++;
    const state = inst.toInstanceState();
    const { runId, workflowId } = this.#cfg;
    this.#emit?.({
      type: 'task-instance',
      runId,
      task: inst.name,
      index: inst.mapIndex,
      status: inst.status,
      previous,
      attempt: inst.attempts,
      at: this.#cfg.clock.now(),
      state,
      map: copySummary(inst.mapped.summary),
    });
    const store = this.#store;
    if (!store) return;
    this.#write(() => store.recordTask(workflowId, runId, instanceRecord(state)));
    const task = inst.mapped.task;
    if (ended) this.#write(() => store.recordTask(workflowId, runId, task.toRunState()));
  }

  /** Calls `onRetry` (retry = 1, 2, …) and emits `task-retry`. */
  retry(task: Task, retry: number, delayMs: number, error: unknown): void {
    const callback = task.options.onRetry;
    if (callback) this.#callback(task, 'onRetry', () => callback(task.name, retry, error));
    this.externalCalls++;
    this.#emit?.({
      type: 'task-retry',
      runId: this.#cfg.runId,
      task: task.name,
      ...(task instanceof TaskInstance ? { instance: task.mapIndex } : {}),
      attempt: retry,
      delayMs,
      error: serializeError(this.redact(error)),
      at: this.#cfg.clock.now(),
    });
  }

  /** `ctx.log(...)` and friends: formats the arguments into one line. */
  log(task: Task, level: LogLine['level'], args: readonly unknown[]): void {
    this.addLog(task, { ts: this.#cfg.clock.now(), level, message: formatLogArgs(args) });
  }

  /** Adds a ready-made line to the task's logs, emits `task-log` and stores it. */
  addLog(task: Task, original: LogLine): void {
    this.externalCalls++;
    const redactor = this.#cfg.redactor;
    const line = redactor ? { ...original, message: redactor.text(original.message) } : original;
    task.logs.push(line);
    const { runId, workflowId } = this.#cfg;
    if (task instanceof TaskInstance) {
      // Each instance keeps its own log (and log cap) in the store.
      const instance = task.mapIndex;
      this.#emit?.({ type: 'task-log', runId, task: task.name, line, instance });
      const key = instanceKey(task.name, instance);
      if (this.#store) this.#write(() => this.#store!.appendLog(workflowId, runId, key, line));
      return;
    }
    this.#emit?.({ type: 'task-log', runId, task: task.name, line });
    if (this.#store) this.#write(() => this.#store!.appendLog(workflowId, runId, task.name, line));
  }

  /** `value` (a result, an error, a message) without the run's secret values; itself when there are none. */
  redact<T>(value: T): T {
    const redactor = this.#cfg.redactor;
    return redactor ? (redactor.value(value) as T) : value;
  }

  /** The store's objection to a result (so the task fails now, not at some later write), or undefined. */
  checkStorable(value: unknown): unknown {
    const assertStorable = this.#store?.assertStorable;
    if (!assertStorable) return undefined;
    try {
      assertStorable.call(this.#store, value);
      return undefined;
    } catch (error) {
      return error ?? new Error('result cannot be stored');
    }
  }

  /** Emits `run-finished`, stores the final run record and waits for the store to flush. */
  async runFinished(result: RunResult): Promise<void> {
    this.#emit?.({
      type: 'run-finished',
      runId: result.runId,
      status: result.status,
      at: result.finishedAt,
      result,
    });
    const store = this.#store;
    if (!store) return;
    this.#write(() =>
      store.saveRun({
        workflowId: result.workflowId,
        runId: result.runId,
        status: result.status,
        startedAt: this.#startedAt,
        finishedAt: result.finishedAt,
        ...(this.#document ? { document: this.#document } : {}),
        ...this.#recordExtras(),
        ...(result.timedOut ? { timedOut: true as const } : {}),
        updatedAt: result.finishedAt,
      }),
    );
    await store.flush();
    if (this.#storeError !== undefined) {
      throw new FlowWeaverError(
        'E_STORE',
        `The state store failed: ${messageOf(this.#storeError)}`,
        {
          cause: this.#storeError,
        },
      );
    }
  }

  /** What every run record carries besides status and times (a store replaces the record whole). */
  #recordExtras(): Pick<RunRecord, 'executor' | 'retryOf' | 'params'> {
    const { executorKind, retryOf, params } = this.#cfg;
    return {
      ...(executorKind ? { executor: { kind: executorKind } } : {}),
      ...(retryOf ? { retryOf } : {}),
      ...(params && Object.keys(params).length > 0 ? { params: { ...params } } : {}),
    };
  }

  // Store writes may be sync or async; a failure is kept and surfaced once the run has ended.
  #write(write: () => Promise<void> | void): void {
    try {
      const pending = write();
      if (pending) pending.catch((error: unknown) => (this.#storeError ??= error));
    } catch (error) {
      this.#storeError ??= error;
    }
  }

  #callback(task: Task, which: string, call: () => void): void {
    this.externalCalls++;
    try {
      call();
    } catch (error) {
      this.log(task, 'error', [`${which} callback threw:`, error]);
    }
  }
}
