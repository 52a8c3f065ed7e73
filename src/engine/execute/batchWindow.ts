// How many attempts a worker may hold at once: many when attempts are tiny (one message carries a
// batch), one when they are slow (fair load balance, and a timeout clock that means run time).

/** Tuning of {@link BatchWindow}. */
export interface BatchWindowOptions {
  /** Upper bound on attempts in flight per worker. */
  maxBatch: number;
  /** A batch should take about this long to run. */
  targetBatchMs: number;
}

/** Tracks recent attempt durations (as measured inside the workers) and derives the window. */
export class BatchWindow {
  private average: number | undefined;

  constructor(private readonly options: BatchWindowOptions) {}

  /** Records one attempt's run time. A slow one collapses the window at once. */
  record(durationMs: number): void {
    const d = Math.max(durationMs, 0);
    if (this.average === undefined || d > this.average * 4) this.average = d;
    else this.average = this.average * 0.8 + d * 0.2;
  }

  /** Attempts a worker may hold now: 1 until durations are known. */
  get size(): number {
    if (this.average === undefined) return 1;
    const fit = Math.floor(this.options.targetBatchMs / Math.max(this.average, 1e-3));
    return Math.min(this.options.maxBatch, Math.max(1, fit));
  }
}
