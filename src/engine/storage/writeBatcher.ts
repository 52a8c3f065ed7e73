// Coalesces the scheduler's many small writes into one commit per microtask. While a commit is
// in flight new writes accumulate, so a slow store gets bigger batches instead of a queue of
// tiny ones, and the scheduler never waits on storage between transitions. With a commit interval,
// commits also start at most that often: a run whose tasks end one by one (a chain, each ending in
// its own message from a worker) then commits a few times per interval rather than once per task.
import type { LogLine, TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import { tupleKey } from './logCap.ts';

/** The latest state of one task, as queued. */
export interface PendingTask {
  workflowId: string;
  runId: string;
  state: TaskRunState;
}

/** Log lines of one task, in the order they were appended. */
export interface PendingLogs {
  workflowId: string;
  runId: string;
  task: string;
  lines: LogLine[];
}

/** Everything written since the previous commit; for each run and task only the latest state. */
export interface WriteBatch {
  runs: RunRecord[];
  tasks: PendingTask[];
  logs: PendingLogs[];
}

/** Commits a batch. It should not reject (stores degrade to memory); a rejection is reported. */
export type CommitBatch = (batch: WriteBatch) => Promise<void>;

/** Queues writes and commits them in batches; `flush` waits until everything queued is committed. */
export class WriteBatcher {
  private runs = new Map<string, RunRecord>();
  private tasks = new Map<string, PendingTask>();
  private logs = new Map<string, PendingLogs>();
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  /** When the latest commit started (for the commit interval). */
  private lastStart = -Infinity;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private sealed = false;

  /**
   * `intervalMs`: the least time between the starts of two commits (default 0: as soon as the
   * previous one ends). `flush` never waits for it.
   */
  constructor(
    private readonly commit: CommitBatch,
    private readonly onCommitError: (error: unknown) => void,
    private readonly intervalMs = 0,
  ) {}

  /**
   * Commits what is queued at once and takes no more writes: whatever happens after this (the
   * page is going away) is never recorded. Resolves when the queued writes are committed.
   */
  seal(): Promise<void> {
    this.sealed = true;
    return this.flush();
  }

  /** Queues the run record (the latest one wins). */
  putRun(run: RunRecord): void {
    if (this.sealed) return;
    this.runs.set(tupleKey(run.workflowId, run.runId), run);
    this.kick();
  }

  /** Queues a task state (the latest one per task wins). */
  putTask(workflowId: string, runId: string, state: TaskRunState): void {
    if (this.sealed) return;
    this.tasks.set(tupleKey(workflowId, runId, state.name), { workflowId, runId, state });
    this.kick();
  }

  /** Queues a log line. */
  addLog(workflowId: string, runId: string, task: string, line: LogLine): void {
    if (this.sealed) return;
    const key = tupleKey(workflowId, runId, task);
    const pending = this.logs.get(key);
    if (pending) pending.lines.push(line);
    else this.logs.set(key, { workflowId, runId, task, lines: [line] });
    this.kick();
  }

  /**
   * Removes and returns whatever is queued and not yet committing, for a store that must apply
   * it synchronously (`JSONStateStore.toJSON`); `undefined` when nothing is queued.
   */
  take(): WriteBatch | undefined {
    if (this.isEmpty()) return undefined;
    const batch: WriteBatch = {
      runs: [...this.runs.values()],
      tasks: [...this.tasks.values()],
      logs: [...this.logs.values()],
    };
    this.runs = new Map();
    this.tasks = new Map();
    this.logs = new Map();
    return batch;
  }

  /** Resolves once every write queued before (and during) the call is committed. */
  async flush(): Promise<void> {
    while (this.inFlight || !this.isEmpty()) {
      if (!this.inFlight) this.start(true);
      await this.inFlight;
    }
  }

  private isEmpty(): boolean {
    return this.runs.size === 0 && this.tasks.size === 0 && this.logs.size === 0;
  }

  private kick(): void {
    if (this.scheduled || this.inFlight || this.waitTimer !== undefined) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(now = false): void {
    if (this.inFlight) return;
    if (this.waitTimer !== undefined) {
      if (!now) return;
      clearTimeout(this.waitTimer);
      this.waitTimer = undefined;
    }
    if (this.isEmpty()) return;
    const wait = now ? 0 : this.lastStart + this.intervalMs - performance.now();
    if (wait > 0) {
      this.waitTimer = setTimeout(() => {
        this.waitTimer = undefined;
        this.start();
      }, wait);
      return;
    }
    const batch = this.take();
    if (!batch) return;
    this.lastStart = performance.now();
    this.inFlight = Promise.resolve()
      .then(() => this.commit(batch))
      .catch((error: unknown) => this.onCommitError(error))
      .finally(() => {
        this.inFlight = undefined;
        // Whatever arrived during the commit goes out as the next batch.
        this.start();
      });
  }
}

/** The runs a batch touches, as `tupleKey(workflowId, runId)`. */
export function batchRunKeys(batch: WriteBatch): Set<string> {
  const keys = new Set<string>();
  for (const r of batch.runs) keys.add(tupleKey(r.workflowId, r.runId));
  for (const t of batch.tasks) keys.add(tupleKey(t.workflowId, t.runId));
  for (const l of batch.logs) keys.add(tupleKey(l.workflowId, l.runId));
  return keys;
}
