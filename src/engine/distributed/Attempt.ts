// One job running on a DistributedWorker: what its thread is handed, its log lines, and why it
// was stopped. Node only.
import type { TaskTimeoutError } from '../model/errors.ts';
import type { LogLine } from '../model/types.ts';
import type { AttemptRequest } from '../schedule/TaskRunner.ts';
import type { AttemptJobData } from './protocol.ts';

/** One job running on this worker. */
export class Attempt {
  readonly logs: LogLine[] = [];
  /** Log lines past `MAX_LOG_LINES`, counted, not kept. */
  dropped = 0;
  /** Log lines already published live (see `LivePublisher.publishLogs`). */
  sent = 0;
  logTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the threaded runner runs, once handed to it. */
  request: AttemptRequest | undefined;
  /** Why it was stopped (its coordinator's cancel or timeout, or this worker's deadline). */
  stopped: Error | undefined;
  /** Set when this worker's own deadline ended it (its coordinator was not there to). */
  ownTimeout: TaskTimeoutError | undefined;

  constructor(
    readonly jobId: string,
    readonly data: AttemptJobData,
  ) {}
}
