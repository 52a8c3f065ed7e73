// Shape checks for records read back from storage. Whatever is on disk may come from an older or
// newer app, a bug or a hand edit: everything read is checked before the scheduler sees it.
import { TASK_STATUSES, WorkflowStatus } from '../model/status.ts';
import type { LogLine, TaskRunState, WorkflowDocument } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { StorageRecordError } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';

const WORKFLOW_STATUSES: readonly string[] = Object.values(WorkflowStatus);
const LOG_LEVELS: readonly string[] = ['log', 'info', 'warn', 'error', 'debug'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNum = (value: unknown): value is number => typeof value === 'number';
const optNum = (value: unknown): boolean => value === undefined || isNum(value);

/** A `RunRecord` as the stores write it. */
export function isRunRecord(value: unknown): value is RunRecord {
  return (
    isObject(value) &&
    typeof value.workflowId === 'string' &&
    typeof value.runId === 'string' &&
    WORKFLOW_STATUSES.includes(value.status as string) &&
    isNum(value.startedAt) &&
    isNum(value.updatedAt) &&
    optNum(value.finishedAt) &&
    (value.document === undefined || isWorkflowDocument(value.document)) &&
    (value.executor === undefined ||
      (isObject(value.executor) && typeof value.executor.kind === 'string')) &&
    (value.retryOf === undefined || isRunLineage(value.retryOf)) &&
    (value.timedOut === undefined || value.timedOut === true) &&
    (value.params === undefined || isObject(value.params))
  );
}

function isRunLineage(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.parentRunId === 'string' &&
    typeof value.rootRunId === 'string' &&
    isNum(value.attempt)
  );
}

/** A `TaskRunState` as the scheduler records it. */
export function isTaskRunState(value: unknown): value is TaskRunState {
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    (TASK_STATUSES as readonly string[]).includes(value.status as string) &&
    isNum(value.attempts) &&
    Array.isArray(value.attemptHistory) &&
    value.attemptHistory.every((a) => isObject(a) && isNum(a.attempt) && isNum(a.startedAt)) &&
    optNum(value.startedAt) &&
    optNum(value.finishedAt) &&
    optNum(value.durationMs)
  );
}

/** One captured log line. */
export function isLogLine(value: unknown): value is LogLine {
  return (
    isObject(value) &&
    isNum(value.ts) &&
    LOG_LEVELS.includes(value.level as string) &&
    typeof value.message === 'string'
  );
}

/** The outline of a `WorkflowDocument` (full validation is `Workflow.fromDocument`'s job). */
export function isWorkflowDocument(value: unknown): value is WorkflowDocument {
  return (
    isObject(value) &&
    value.format === 'flowweaver.workflow' &&
    isNum(value.version) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.tasks)
  );
}

/**
 * Reports each bad record once per store instance, so a corrupt record read on every load or
 * listing shows one warning, not one per read.
 */
export class RecordReporter {
  private readonly seen = new Set<string>();
  constructor(private readonly warn: StorageWarningHandler) {}

  /** Reports a record with the wrong shape. */
  corrupt(key: string, what: string): void {
    this.report(
      new StorageRecordError(
        'E_STORAGE_CORRUPT',
        key,
        `Ignored a stored ${what} with an unexpected shape (${key}); it was left in place.`,
      ),
    );
  }

  /** Reports a record written in a format version this code does not know. */
  unknownVersion(key: string, what: string, version: unknown): void {
    this.report(
      new StorageRecordError(
        'E_STORAGE_VERSION',
        key,
        `Ignored a stored ${what} of unknown version ${JSON.stringify(version) ?? String(version)} (${key}); it was left in place.`,
      ),
    );
  }

  /** Reports any record error once per key. */
  report(error: StorageRecordError): void {
    const id = `${error.code}\u0000${error.key}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.warn(error);
  }
}
