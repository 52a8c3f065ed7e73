// When the IndexedDB store compacts a run: it counts the batch rows and log lines each commit adds
// per run, queues the runs that have enough of them (or finished with a few), and compacts the
// queue one run at a time after the current task, never inside a commit, so `flush` and
// `execute` never wait for it.
import type { IdbConnection } from './idbConnection.ts';
import { compactRun } from './idbRunCompaction.ts';
import { tupleKey } from './logCap.ts';
import type { RecordReporter } from './recordGuards.ts';
import { batchRunKeys } from './writeBatcher.ts';
import type { WriteBatch } from './writeBatcher.ts';

/** A run's batch rows are merged once this many were written since its last compaction. */
export const COMPACT_AFTER_ROWS = 32;
/** A finished run with at least this many batch rows is compacted (fewer: reading is cheap). */
const COMPACT_FINISHED_AFTER_ROWS = 4;
/**
 * ... or once this many log lines were written in its log batches, as `getLogs` of one task
 * reads the run's uncompacted log batches whole.
 */
export const COMPACT_AFTER_LOG_LINES = 5000;

const logRunKeys = (b: WriteBatch) => batchRunKeys({ runs: [], tasks: [], logs: b.logs });

/** The runs (by `tupleKey`) due for compaction, and the compaction under way. */
export class IdbCompactionQueue {
  /** Batch rows written per run since its last known compaction. */
  private readonly uncompacted = new Map<string, number>();
  /** Log lines written per run in batch rows since its last known compaction. */
  private readonly uncompactedLines = new Map<string, number>();
  /** Runs waiting for compaction, and the compaction under way. */
  private readonly toCompact = new Set<string>();
  private compacting: Promise<void> | undefined;

  constructor(
    private readonly connection: IdbConnection,
    /** Runs kept in memory have nothing in the database to compact. */
    private readonly isInMemory: (key: string) => boolean,
    private readonly cap: number,
    private readonly report: RecordReporter,
  ) {}

  /**
   * Counts the batch rows a committed batch added per run, and queues the runs that have enough
   * of them (or finished with a few) for compaction.
   */
  countCommitted(batch: WriteBatch): void {
    // One task batch row and one log batch row per run of the batch.
    const added = new Map<string, number>();
    for (const rows of [batchRunKeys({ ...batch, runs: [], logs: [] }), logRunKeys(batch)]) {
      for (const key of rows) added.set(key, (added.get(key) ?? 0) + 1);
    }
    for (const { workflowId, runId, lines } of batch.logs) {
      const key = tupleKey(workflowId, runId);
      this.uncompactedLines.set(key, (this.uncompactedLines.get(key) ?? 0) + lines.length);
    }
    for (const [key, rows] of added) {
      const total = (this.uncompacted.get(key) ?? 0) + rows;
      this.uncompacted.set(key, total);
      const lines = this.uncompactedLines.get(key) ?? 0;
      if (total >= COMPACT_AFTER_ROWS || lines >= COMPACT_AFTER_LOG_LINES) {
        this.schedule(key);
      }
    }
    for (const run of batch.runs) {
      if (run.finishedAt === undefined) continue;
      const key = tupleKey(run.workflowId, run.runId);
      if ((this.uncompacted.get(key) ?? 0) >= COMPACT_FINISHED_AFTER_ROWS) {
        this.schedule(key);
      } else {
        this.uncompacted.delete(key); // a finished run is not counted on (a resume starts anew)
        this.uncompactedLines.delete(key);
      }
    }
  }

  /** Counts the batch rows found on reading a run: rows left by an earlier session count too. */
  countStored(workflowId: string, runId: string, batchRows: number): void {
    if (batchRows >= COMPACT_AFTER_ROWS) this.schedule(tupleKey(workflowId, runId));
  }

  /** Forgets a deleted run. */
  forget(key: string): void {
    this.uncompacted.delete(key);
    this.uncompactedLines.delete(key);
    this.toCompact.delete(key);
  }

  /** Resolves when the compaction under way (if any) has ended. */
  idle(): Promise<void> | undefined {
    return this.compacting;
  }

  // Compaction runs after the current task (never inside a commit, so `flush` and `execute`
  // never wait for it); its transaction lands between two commits and changes no content.
  private schedule(key: string): void {
    this.uncompacted.delete(key);
    this.uncompactedLines.delete(key);
    this.toCompact.add(key);
    if (this.compacting) return;
    this.compacting = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(() => this.compactQueued())
      .finally(() => {
        this.compacting = undefined;
        if (this.toCompact.size > 0) this.schedule([...this.toCompact][0]!);
      });
  }

  private async compactQueued(): Promise<void> {
    for (const key of this.toCompact) {
      this.toCompact.delete(key);
      if (this.isInMemory(key)) continue;
      const db = await this.connection.get();
      if (!db) {
        this.toCompact.clear(); // closed or unavailable: nothing to compact in
        return;
      }
      const [workflowId, runId] = JSON.parse(key) as [string, string];
      try {
        await compactRun(db, workflowId, runId, this.cap, this.report);
      } catch {
        // Nothing changed (one aborted transaction): the rows stay readable as they are, and
        // the next rows written for the run try again.
      }
    }
  }
}
