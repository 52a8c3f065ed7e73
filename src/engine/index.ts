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
  RunTimeoutError,
  MissingInputError,
  AttemptInterruptedError,
  messageOf,
} from './model/errors.ts';
export type { ValidationIssue } from './model/errors.ts';
export { guardInputs, missingInputReason } from './model/missingInputs.ts';
export type { MissingInput } from './model/missingInputs.ts';
export type {
  TaskOptions,
  PortableTaskOptions,
  RetryCondition,
  RetryPredicate,
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
  MapSummary,
  TaskInstanceState,
} from './model/types.ts';
export {
  DEFAULT_MAX_MAP_INSTANCES,
  summarizeInstances,
  describeMapSummary,
  instanceKey,
  parseInstanceKey,
} from './model/mapping.ts';
export { instancesOf, instanceRecord } from './storage/instanceRecords.ts';

// Code tasks
export {
  CODE_TASK_SCOPE,
  checkCodeSyntax,
  compileCodeTask,
  isScopeIdentifier,
  formatLogArgs,
} from './model/codeTask.ts';
export type { CodeSyntaxProblem, CompiledCodeTask } from './model/codeTask.ts';

// Model: workflow, tasks, the task() decorator, documents, validation
export { Workflow } from './model/Workflow.ts';
export type { WorkflowOptions, AddTaskOptions } from './model/Workflow.ts';
export { Task } from './model/Task.ts';
export type { TaskInit } from './model/Task.ts';
export { task, getTaskOptions, TASK_OPTIONS } from './model/taskDecorator.ts';
export type { TaskDecoratorOptions, DecoratedTask } from './model/taskDecorator.ts';
export {
  DOCUMENT_FORMAT,
  DOCUMENT_VERSION,
  DOCUMENT_MIGRATIONS,
  workflowDocumentSchema,
  parseWorkflowDocument,
  safeParseWorkflowDocument,
  migrateWorkflowDocument,
  mergeRepeatedDependencies,
} from './model/document.ts';
export type {
  DocumentMigration,
  DocumentParseOptions,
  DocumentParseResult,
} from './model/document.ts';
export {
  PARAM_TYPES,
  PARAM_NAME_PATTERN,
  checkParamSpecs,
  paramTypeProblem,
  paramValueProblems,
  resolveParams,
  parseParamText,
  paramToText,
} from './model/params.ts';
export type { ParamSpec, ParamType } from './model/params.ts';
export { REDACTED, Redactor, declaredSecrets, requireSecrets } from './model/secrets.ts';
export {
  DOCUMENT_LIMITS,
  checkDocumentLimits,
  checkDocumentSize,
  formatBytes,
} from './model/documentLimits.ts';
export type { DocumentLimits } from './model/documentLimits.ts';
export {
  validateTasks,
  checkTaskName,
  checkDuplicateDependencies,
  MAX_TASK_NAME_LENGTH,
} from './model/validateWorkflow.ts';
export type { TaskSpec } from './model/validateWorkflow.ts';
export {
  taskOptionsSchema,
  regexProblem,
  checkTaskOptions,
  TASK_OPTION_KEYS,
} from './model/taskOptionsSchema.ts';
export { serializeError, deserializeError } from './model/serializeError.ts';
export { computeStats } from './model/stats.ts';

// Graph kernels (pure, O(V+E), index-based)
export { buildGraph } from './graph/IndexedGraph.ts';
export type { IndexedGraph, GraphNodeSpec, BuiltGraph } from './graph/IndexedGraph.ts';
export { topologicalOrder } from './graph/topologicalOrder.ts';
export { layers, depths } from './graph/layers.ts';
export { findCycle } from './graph/findCycle.ts';
export { wouldCreateCycle } from './graph/wouldCreateCycle.ts';
export { upstreamClosure, downstreamClosure } from './graph/closure.ts';

// Scheduling: the scheduler, its policies and the clock seam
export { Scheduler } from './schedule/Scheduler.ts';
export type { SchedulerConfig } from './schedule/Scheduler.ts';
export { decide, Decision } from './schedule/triggerRules.ts';
export type { UpstreamCounts } from './schedule/triggerRules.ts';
export { retryDelay } from './schedule/retryDelay.ts';
export { systemClock } from './schedule/clock.ts';
export type { Clock, TimerHandle } from './schedule/clock.ts';

// Executors (in-thread); ThreadedExecutor is exported in its own section
export { SequentialExecutor } from './execute/SequentialExecutor.ts';
export type { SequentialExecutorOptions } from './execute/SequentialExecutor.ts';
export { AsyncExecutor } from './execute/AsyncExecutor.ts';
export type { AsyncExecutorOptions } from './execute/AsyncExecutor.ts';
export { InThreadRunner, captureConsole } from './execute/InThreadRunner.ts';
export { executeWithRunner, toRunnableTasks, createRunId } from './execute/runWithRunner.ts';
export type { RunnerExecuteOptions } from './execute/runWithRunner.ts';
export type { Executor, ExecuteOptions } from './execute/Executor.ts';

// Scheduling seam and storage interface
export type { TaskRunner, RunnableTask, AttemptRequest } from './schedule/TaskRunner.ts';
export type { StateStore, RunRecord, RunLineage, StoredRun } from './storage/StateStore.ts';
export { MemoryStateStore } from './storage/MemoryStateStore.ts';

// Metrics
export { computeRunMetrics, percentile } from './metrics/runMetrics.ts';
export type { RunMetrics } from './metrics/runMetrics.ts';
export { toPrometheusText, escapeLabelValue } from './metrics/prometheusText.ts';
export type { MetricsLabels } from './metrics/prometheusText.ts';

// Mermaid
export {
  exportMermaid,
  buildMermaidDiagram,
  normalizeOrientation,
  MERMAID_ORIENTATIONS,
} from './export/exportMermaid.ts';
export type {
  MermaidExportOptions,
  MermaidDiagram,
  MermaidOrientation,
} from './export/exportMermaid.ts';
export { saveMermaid } from './export/saveMermaid.ts';
export { viewMermaid } from './export/viewMermaid.ts';
export type { ViewMermaidOptions } from './export/viewMermaid.ts';
export {
  bandSummary,
  collapseByLayer,
  collapsedLayout,
  longestPathLayers,
} from './export/collapseByLayer.ts';
export {
  MERMAID_DEFAULT_LIMITS,
  MERMAID_RENDER_THRESHOLDS,
  checkMermaidLimits,
  countMermaidEdges,
  mermaidRenderPlan,
} from './export/mermaidLimits.ts';
export type {
  MermaidLimits,
  MermaidLimitCheck,
  MermaidRenderPlan,
} from './export/mermaidLimits.ts';
export type { MermaidInput, MermaidSource, MermaidStatuses } from './export/mermaidSource.ts';
export { escapeMermaidLabel } from './export/mermaidIds.ts';

// Storage in the browser: runs and saved workflows in IndexedDB (export added by the editor, issue 7)
export { IndexedDBStateStore } from './storage/IndexedDBStateStore.ts';
export type { IndexedDBStateStoreOptions } from './storage/IndexedDBStateStore.ts';
export type {
  DeletedWorkflow,
  DeletedWorkflowRetention,
  SavedWorkflow,
} from './storage/idbWorkflows.ts';
export {
  DELETED_WORKFLOW_RETENTION,
  expiredDeletedWorkflows,
  WorkflowIdTakenError,
} from './storage/idbWorkflows.ts';
export { isIndexedDBAvailable } from './storage/idbConnection.ts';
export { SCHEMA_VERSION } from './storage/idbSchema.ts';

// Storage in Node (a file) and for export/import in the browser (text)
export { JSONStateStore } from './storage/JSONStateStore.ts';
export type { JSONStateStoreOptions, LoadSummary } from './storage/JSONStateStore.ts';
export { STATE_FORMAT, STATE_VERSION } from './storage/jsonFormat.ts';
export {
  StorageUnavailableError,
  StorageRecordError,
  UnstorableValueError,
  isQuotaError,
} from './storage/storageErrors.ts';
export type {
  StorageUnavailableCode,
  StorageRecordCode,
  StorageWarning,
  StorageWarningHandler,
} from './storage/storageErrors.ts';

// ThreadedExecutor: a pool of Web Workers (browser) or worker_threads (Node)
export { ThreadedExecutor } from './execute/ThreadedExecutor.ts';
export type { ThreadedExecutorOptions } from './execute/ThreadedExecutor.ts';
export {
  ThreadedRunner,
  defaultWorkerCount,
  DEFAULT_WORKER_CONCURRENCY,
} from './execute/ThreadedRunner.ts';
export type { ThreadedRunnerOptions } from './execute/ThreadedRunner.ts';
export type { SpawnWorker, WorkerLink, LinkEvents } from './execute/workerLink.ts';
export type {
  AttemptMessage,
  AttemptOutcome,
  WorkerReport,
  SandboxHostMessage,
  SandboxWorkerMessage,
} from './worker/protocol.ts';
export { mermaidNodeIds } from './export/exportMermaid.ts';
export {
  MERMAID_STATUS_STYLES,
  MERMAID_CLASS_DEFS,
  MERMAID_CLASS_ORDER,
} from './export/mermaidStyles.ts';
export type { MermaidStatusStyle } from './export/mermaidStyles.ts';
export { mermaidNodeId } from './export/mermaidIds.ts';
export type { MermaidSourceTask, MermaidStatusValue } from './export/mermaidSource.ts';
export type {
  CollapseOptions,
  CollapsedBand,
  CollapsedLayout,
  MermaidLayersFn,
} from './export/collapseByLayer.ts';
export {
  encodeMermaidFragment,
  decodeMermaidFragment,
  parseMermaidViewPayload,
  MERMAID_VIEW_FORMAT,
  MERMAID_VIEW_VERSION,
} from './export/mermaidFragment.ts';
export type { MermaidViewPayload, MermaidViewDecodeResult } from './export/mermaidFragment.ts';
export { buildMermaidViewPayload, buildMermaidView } from './export/mermaidViewPayload.ts';
export type { MermaidView } from './export/mermaidViewPayload.ts';
export { downloadText } from './export/saveMermaid.ts';

// Utilities: JSON packed into URL-safe text (share links, the Mermaid view)
export {
  packJson,
  unpackJson,
  toBase64Url,
  fromBase64Url,
  PackedJsonTooLargeError,
} from './util/compactJson.ts';
export type { UnpackOptions } from './util/compactJson.ts';

// Records keyed by task names: no prototype, so `constructor` or `__proto__` is a name like any other
export { emptyRecord, copyRecord, asRecord, recordFromEntries } from './util/records.ts';
