// The clock readings of a run's attempts (their start and end times). Reading the clock is not free
// (~0.1 µs on some machines), so within one pass of the Scheduler's start loop an attempt started
// right after another one settled inline takes that one's finish time.
import type { Clock } from './clock.ts';
import type { RunReporter } from './RunReporter.ts';

/** Start and finish times of one run's attempts. */
export class AttemptClock {
  readonly #clock: Clock;
  readonly #report: RunReporter;
  /** Whether a pass of the start loop is under way (only then is a finish time kept). */
  #inPass = false;
  /** A clock reading the next start may reuse (NaN: none), and `report.externalCalls` then. */
  #stamp = NaN;
  #stampCalls = 0;

  constructor(clock: Clock, report: RunReporter) {
    this.#clock = clock;
    this.#report = report;
  }

  /** A pass of the start loop begins: finish times from now on may be reused. */
  openPass(): void {
    this.#inPass = true;
    this.#stamp = NaN;
  }

  /** The pass ended: what settles later (a timer, a worker's answer) reads the clock afresh. */
  closePass(): void {
    this.#stamp = NaN;
    this.#inPass = false;
  }

  /**
   * When the next attempt starts: the last finish time of this pass when nothing outside the
   * engine (callbacks, listeners, the store) has run since, else a fresh reading.
   */
  startTime(): number {
    const stamp = this.#stamp;
    this.#stamp = NaN;
    return !Number.isNaN(stamp) && this.#stampCalls === this.#report.externalCalls
      ? stamp
      : this.#clock.now();
  }

  /** Reads the clock for an attempt's end; the next start in this pass may reuse it. */
  finishTime(): number {
    const now = this.#clock.now();
    if (this.#inPass) {
      this.#stamp = now;
      this.#stampCalls = this.#report.externalCalls;
    }
    return now;
  }
}
