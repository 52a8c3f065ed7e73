// What the page and the run worker say to each other. Types only: both sides import them.
import type { SandboxHandle } from './sandboxProtocol.ts';
import type {
  RunEvent,
  RunLineage,
  RunResult,
  StorageWarning,
  TaskRunState,
  WorkflowDocument,
} from '../engine/index.ts';

/** The executor a run uses, as the run settings and the stored run record name it. */
export interface RunExecutorOptions {
  kind: 'threaded' | 'async' | 'sequential';
  /** Threaded: pool size. */
  workers?: number;
  /** Async: tasks at once. */
  concurrency?: number;
}

/** One run to execute. */
export interface RunRequest {
  document: WorkflowDocument;
  runId: string;
  /** `runId` was just made for this run: the engine does not look for a stored run to resume. */
  newRun?: boolean;
  /**
   * The page's number for `document` (see `RunnerApi.prepare`): when the runner prepared this very
   * document, the run starts from that Workflow, already built and checked.
   */
  documentId?: number;
  executor: RunExecutorOptions;
  /** Where runs are recorded: the app's IndexedDB database, or (when it cannot open) memory. */
  storage: 'indexeddb' | 'memory';
  /** Completed task states written to the store before executing, so the engine restores them. */
  seeds?: readonly TaskRunState[];
  /** Set when the run retries an earlier one ("Retry failed"): recorded on the new run's record. */
  retryOf?: RunLineage;
  /** The run's parameter values (checked by the engine; recorded on the run record). */
  params?: Record<string, unknown>;
  /**
   * The secrets the workflow's tasks declare, with their values from this browser's secrets. Never
   * recorded: the engine gives each task only its own, and redacts the values from what it records.
   */
  secrets?: Record<string, string>;
  /** Events reach the page at most this often (ms); `run-finished` goes at once. */
  batchMs: number;
  /**
   * The opaque-origin task sandbox of this workflow (the app always sends one): every executor runs
   * task code in workers there. Without one, a runner that requires it refuses the run.
   */
  sandbox?: SandboxHandle;
}

/** Callbacks into the page (comlink proxies when the runner is a worker). */
export interface RunSink {
  /** Engine events, in order, in batches. */
  events(batch: readonly RunEvent[]): void;
  /** Something the person should know (e.g. Web Workers unavailable: tasks run in the runner). */
  warning(message: string): void;
  /** A storage problem (quota, blocked, bad record): the run goes on, kept in memory. */
  storageWarning(warning: StorageWarning): void;
}

/** How a run ended. `result` is the engine's RunResult whenever the run started. */
export type RunOutcome =
  | { kind: 'completed' | 'failed' | 'cancelled'; result: RunResult }
  | { kind: 'not-started'; message: string };

/** The run worker's API. */
export interface RunnerApi {
  /** Executes a run; resolves when it ended, however it ended (never rejects for a task). */
  execute(request: RunRequest, sink: RunSink): Promise<RunOutcome>;
  /**
   * Gets ready for a run of a workflow before it is asked for: opens the database and starts the
   * executor's task workers in the workflow's sandbox (none of its code runs).
   */
  warm(sandbox: SandboxHandle, executor: RunExecutorOptions, storage: RunRequest['storage']): void;
  /**
   * Builds and checks the open workflow while the person looks at it, so that Run starts from it:
   * `documentId` is the page's number for that document object (documents are never edited in
   * place, so the same number means the same document). Nothing runs; an invalid one is left for
   * the run to report.
   */
  prepare(documentId: number, document: WorkflowDocument): void;
  /**
   * The page may be about to go away (`beforeunload`): outcomes from the task sandbox wait until
   * `pageStays` (nothing is lost) or `pageHiding` (they are dropped).
   */
  pageLeaving(): void;
  /** The page did not go away after all: the held outcomes are taken, in order. */
  pageStays(): void;
  /**
   * The page is going away (a reload, a closed tab): what is recorded stays, what happens from now
   * on is not recorded. The sandbox goes with the page, and what its tasks report meanwhile (a
   * request the browser cancelled, a timeout firing) is not how they ended: the next start of the
   * app resumes the run, and those tasks run again.
   */
  pageHiding(): void;
  /** Aborts a run: running tasks see `ctx.signal` abort; completed results are kept. */
  cancel(runId: string): void;
  /** Ends the task workers the runner keeps warm. */
  dispose(): Promise<void>;
}
