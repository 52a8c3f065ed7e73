// The engine's public API: explicit named exports only. The UI imports the engine through this file.

// Model: statuses, errors, shared types
export {
  TaskStatus,
  TASK_STATUSES,
  WorkflowStatus,
  SkipReason,
  TriggerRule,
  TRIGGER_RULES,
  Backoff,
  isTerminalStatus,
  STATUS_COLORS,
} from './model/status.ts';
export {
  FlowWeaverError,
  WorkflowValidationError,
  CycleError,
  TaskExecutionError,
  TaskTimeoutError,
  WorkflowExecutionError,
  RunCancelledError,
  messageOf,
} from './model/errors.ts';
export type { ValidationIssue } from './model/errors.ts';
export type {
  TaskOptions,
  PortableTaskOptions,
  LogLine,
  TaskContext,
  TaskFunction,
  CanvasPosition,
  TaskDocument,
  WorkflowDocument,
  SerializedError,
  AttemptRecord,
  TaskRunState,
  WorkflowStats,
  RunResult,
  RunEvent,
} from './model/types.ts';

// Code tasks
export {
  CODE_TASK_SCOPE,
  checkCodeSyntax,
  compileCodeTask,
  isScopeIdentifier,
  formatLogArgs,
} from './model/codeTask.ts';
export type { CodeSyntaxProblem, CompiledCodeTask } from './model/codeTask.ts';

// Scheduling seam and storage interface
export type {
  TaskRunner,
  RunnableTask,
  AttemptRequest,
} from './schedule/TaskRunner.ts';
export type { StateStore, RunRecord, StoredRun } from './storage/StateStore.ts';
