// Wire types between the engine's worker pool and the task-runner worker. Types only: the engine
// may `import type` this file and nothing else from src/worker.
import type { MissingInput } from '../model/missingInputs.ts';
import type { LogLine, SerializedError } from '../model/types.ts';

/**
 * How a worker rebuilds a task. A host may give the source a `key` (the same key for the same
 * source, whatever the task's name): the worker keeps it under that key, and later attempts of a
 * task with that source come as a {@link KnownTaskPayload}, without the source.
 */
export type TaskSourcePayload =
  | {
      kind: 'code';
      name: string;
      /** Body of an async function (see the engine contract §4). */
      code: string;
      /** Direct upstream names: the identifiers among them become locals. */
      upstream: readonly string[];
      key?: number;
    }
  | {
      kind: 'function';
      name: string;
      /** A JavaScript expression that evaluates to the task function (built from `fn.toString()`). */
      source: string;
      key?: number;
    };

/** A task whose source this worker has already received under `key` (in this or an earlier batch). */
export interface KnownTaskPayload {
  kind: 'known';
  key: number;
  name: string;
}

/** A task as it travels to a worker: its source, or a reference to a source the worker holds. */
export type TaskPayload = TaskSourcePayload | KnownTaskPayload;

/** One attempt sent to a worker. */
export interface AttemptMessage {
  /** Unique per pool; outcomes and log lines refer to it. */
  id: number;
  task: TaskPayload;
  inputs: Record<string, unknown>;
  /**
   * Direct upstream tasks without a result (failed, skipped, not finished), absent from `inputs`:
   * the worker guards `inputs` so that reading one throws (a Proxy cannot cross postMessage).
   */
  missing?: readonly MissingInput[];
  attempt: number;
  runId: string;
  /**
   * Set by a host that counts this attempt as started when it sends it (the first attempt for a
   * worker with nothing in flight starts as soon as it arrives): the worker does not report its
   * start. Workers running several attempts at once report the start of every other attempt
   * (unless they share a `taken` counter with the host).
   */
  startKnown?: true;
  /** Report this attempt's start even with a `taken` counter: its timeout counts from then. */
  announce?: true;
  /**
   * A chain the host approved in advance (see TaskRunner's `followers`): when this attempt
   * succeeds with small plain data, the worker runs `then[0]` right away with that value as its
   * only input, then `then[1]` with its result, and so on, without waiting for the host. It stops at
   * the first attempt that does not succeed with plain data (or was aborted) and reports every
   * follower it did not run as `skipped`. The host counts a follower as started once the attempt
   * before it succeeded.
   */
  then?: readonly FollowerMessage[];
  /** The run's parameter values (`ctx.params`, `params`); absent when the run has none. */
  params?: Record<string, unknown>;
  /** The secrets this task declares, with their values (`ctx.secrets`); absent when none. */
  secrets?: Record<string, string>;
  /** An instance of a mapped task: its item and index (`ctx.item`, `ctx.index`); absent otherwise. */
  map?: { index: number; item: unknown };
}

/** One task of a chain that follows an attempt in the same worker (see `AttemptMessage.then`). */
export interface FollowerMessage {
  id: number;
  task: TaskPayload;
  attempt: number;
}

/** How one attempt ended inside the worker. */
export type AttemptOutcome =
  | {
      type: 'ok';
      id: number;
      value: unknown;
      startedAt: number;
      finishedAt: number;
      durationMs: number;
    }
  | {
      type: 'error';
      id: number;
      error: SerializedError;
      startedAt: number;
      finishedAt: number;
      durationMs: number;
    }
  /** Aborted before it started: the worker never ran it. */
  | { type: 'skipped'; id: number };

/** Log lines of one attempt, in order. */
export interface LogEntry {
  id: number;
  lines: LogLine[];
}

/** An uncaught error in the worker: the attempt that was running (if any) is to blame. */
export interface CrashInfo {
  attemptId?: number;
  error: SerializedError;
}

/**
 * What a worker reports to the host, always on one channel so that an attempt's log lines arrive
 * before its outcome. Outcomes are in completion order.
 */
export interface WorkerReport {
  logs: LogEntry[];
  outcomes: AttemptOutcome[];
  /**
   * Attempts that have just started (workers running several at once only): if the worker is
   * replaced, exactly these fail as interrupted and the others go back to the queue.
   */
  started?: number[];
  crash?: CrashInfo;
  /**
   * Every attempt it was sent has started and they have all been waiting (on timers, the network)
   * for a few milliseconds: the thread is free, so the host may send it more (workers started with
   * `reportAwaiting` only).
   */
  awaiting?: true;
}

/**
 * The first message an engine task-runner worker (Web Worker or worker_threads) receives: the port
 * that carries everything afterwards, both ways, as plain messages ({@link TaskHostMessage} in,
 * {@link TaskWorkerMessage} out). One message per batch and per report, no RPC envelope and no
 * acknowledgement: a chain of small tasks costs one message each way per task.
 */
export interface TaskWorkerConnect {
  type: 'connect';
  port: MessagePort;
  /** Attempts the worker runs at once (default 1). */
  concurrency?: number;
  /** Say when every attempt in flight is waiting (`WorkerReport.awaiting`). */
  reportAwaiting?: boolean;
  /**
   * Where shared memory is available (Node; cross-origin isolated pages): a 4-byte counter of the
   * attempts the worker has taken from its queue, in the order sent, before running each. The
   * host reads it instead of a `started` report per attempt side by side (see `takenCounter`).
   */
  taken?: SharedArrayBuffer;
}

/** What the host sends on a task worker's port. */
export type TaskHostMessage =
  | { type: 'run'; batch: AttemptMessage[] }
  | { type: 'abort'; ids: number[]; reason: SerializedError };

/** What a task worker sends back on its port: `ready` once, then reports. */
export type TaskWorkerMessage = { type: 'ready' } | { type: 'report'; report: WorkerReport };

/**
 * On an engine task worker's port (not a sandboxed one's), a batch and a report of results only
 * may also travel as flat arrays (engine/execute/taskWire.ts): cheaper to clone than objects.
 */
export type EngineHostMessage = TaskHostMessage | unknown[];
export type EngineWorkerMessage = TaskWorkerMessage | unknown[];

/**
 * Error codes a worker puts on failures it produces itself: a result that cannot be
 * structured-cloned, a task source that does not compile, a crash while the attempt ran.
 */
export type WorkerErrorCode = 'E_NOT_CLONEABLE' | 'E_COMPILE' | 'E_WORKER_CRASHED';

/**
 * The sandboxed task worker's wire messages (app: task workers live in an opaque-origin iframe and
 * talk to the run worker over a transferred MessagePort). Plain messages, not comlink: the run
 * worker treats everything that comes back as untrusted and validates it (see the runner's
 * sandbox link), and never exposes an object the worker could walk or call into.
 */
export type SandboxHostMessage = TaskHostMessage;

/** What a sandboxed task worker sends back on its port. */
export type SandboxWorkerMessage = TaskWorkerMessage;

/** The first message a sandboxed task worker receives (from the sandbox page), with its port. */
export interface SandboxConnectMessage {
  type: 'connect';
  /** Attempts in flight at once in this worker (Async: several; Threaded, Sequential: 1). */
  concurrency: number;
  /**
   * The app's address: relative URLs in `fetch` resolve against it, as they would in the page
   * (the worker's own address is an opaque blob URL). The network policy still decides.
   */
  base?: string;
}
