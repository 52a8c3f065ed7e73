// Pure: how many log lines one attempt may send. A task that logs in a loop must not flood the
// run worker, the page and the store with lines nobody reads: the first lines stream as they come,
// the last ones are kept in a ring, and the attempt's end sends a note of how many were dropped,
// then the tail. Capped here, where lines are captured, not where they are shown.
import type { LogLine } from '../model/types.ts';

/** Lines sent as they come, per attempt. */
export const LOG_HEAD_LINES = 400;
/** Last lines kept and sent when the attempt ends. Head + note + tail stay under a store's cap (1,000). */
export const LOG_TAIL_LINES = 500;

/** The log cap of one attempt. Its ring is made on the first line held: most attempts log little. */
export class AttemptLogCap {
  private sent = 0;
  private ring: (LogLine | undefined)[] | undefined;
  private next = 0;
  private held = 0;
  private dropped = 0;

  constructor(
    private readonly head = LOG_HEAD_LINES,
    private readonly tail = LOG_TAIL_LINES,
  ) {}

  /** True when the line may go now; otherwise it is held in the tail (or dropped). */
  admit(line: LogLine): boolean {
    if (this.sent < this.head) {
      this.sent++;
      return true;
    }
    if (this.tail === 0) {
      this.dropped++;
      return false;
    }
    const ring = (this.ring ??= new Array<LogLine | undefined>(this.tail));
    if (this.held === ring.length) this.dropped++;
    else this.held++;
    ring[this.next] = line;
    this.next = (this.next + 1) % ring.length;
    return false;
  }

  /** At the attempt's end: the note about dropped lines (if any), then the held tail, in order. */
  finish(): LogLine[] {
    const ring = this.ring;
    if (!ring && this.dropped === 0) return [];
    const tail: LogLine[] = [];
    if (ring) {
      const start = (this.next - this.held + ring.length) % ring.length;
      for (let i = 0; i < this.held; i++) tail.push(ring[(start + i) % ring.length]!);
    }
    this.held = 0;
    if (this.dropped === 0) return tail;
    const note: LogLine = {
      ts: tail[0]?.ts ?? Date.now(),
      level: 'warn',
      message: `… ${this.dropped} log line${this.dropped === 1 ? '' : 's'} dropped here (an attempt keeps its first ${this.head} and last ${this.tail} lines)`,
    };
    this.dropped = 0;
    return [note, ...tail];
  }
}
