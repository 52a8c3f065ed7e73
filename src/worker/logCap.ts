// Pure: how many log lines one attempt may send. A task that logs in a loop must not flood the
// run worker, the page and the store with lines nobody reads: the first lines stream as they come,
// the last ones are kept in a ring, and the attempt's end sends a note of how many were dropped,
// then the tail. Capped here, where lines are captured, not where they are shown.
import type { LogLine } from '../engine/model/types.ts';

/** Lines sent as they come, per attempt. */
export const LOG_HEAD_LINES = 400;
/** Last lines kept and sent when the attempt ends. Head + note + tail stay under a store's cap (1,000). */
export const LOG_TAIL_LINES = 500;

/** The log cap of one attempt. */
export class AttemptLogCap {
  private sent = 0;
  private readonly ring: (LogLine | undefined)[];
  private next = 0;
  private held = 0;
  private dropped = 0;

  constructor(
    private readonly head = LOG_HEAD_LINES,
    tail = LOG_TAIL_LINES,
  ) {
    this.ring = new Array<LogLine | undefined>(tail);
  }

  /** True when the line may go now; otherwise it is held in the tail (or dropped). */
  admit(line: LogLine): boolean {
    if (this.sent < this.head) {
      this.sent++;
      return true;
    }
    if (this.ring.length === 0) {
      this.dropped++;
      return false;
    }
    if (this.held === this.ring.length) this.dropped++;
    else this.held++;
    this.ring[this.next] = line;
    this.next = (this.next + 1) % this.ring.length;
    return false;
  }

  /** At the attempt's end: the note about dropped lines (if any), then the held tail, in order. */
  finish(): LogLine[] {
    const tail: LogLine[] = [];
    const start = (this.next - this.held + this.ring.length) % Math.max(1, this.ring.length);
    for (let i = 0; i < this.held; i++) tail.push(this.ring[(start + i) % this.ring.length]!);
    this.held = 0;
    if (this.dropped === 0) return tail;
    const note: LogLine = {
      ts: tail[0]?.ts ?? Date.now(),
      level: 'warn',
      message: `… ${this.dropped} log line${this.dropped === 1 ? '' : 's'} dropped here (an attempt keeps its first ${this.head} and last ${this.ring.length} lines)`,
    };
    this.dropped = 0;
    return [note, ...tail];
  }
}
