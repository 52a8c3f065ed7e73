// Notices that a peer stopped talking (its process died), counting silence in the observer's own
// running time. A thread held up by a loaded machine or a paused VM wakes with its timers due and
// the peer's messages queued behind them: measured by the clock alone, that stall would look like
// the peer's silence and a healthy peer would be declared dead. Here each tick adds at most one
// period, so a stall counts once and the queued messages are heard before the next tick.

export interface SilenceWatchOptions {
  /** Silence (in the observer's running time) after which the peer counts as dead. */
  silenceMs: number;
  /** Called at each tick from then on, until the watch is stopped (or the peer speaks again). */
  onSilent: () => void;
  now?: () => number;
}

export class SilenceWatch {
  private silentFor = 0;
  /** When the silence counted so far ends: the last tick, or the last message if later. */
  private countedUntil: number;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly now: () => number;

  constructor({ silenceMs, onSilent, now = Date.now }: SilenceWatchOptions) {
    this.now = now;
    this.countedUntil = now();
    const period = Math.max(100, silenceMs / 3);
    this.timer = setInterval(() => {
      const at = this.now();
      this.silentFor += Math.min(Math.max(0, at - this.countedUntil), period);
      this.countedUntil = at;
      if (this.silentFor >= silenceMs) onSilent();
    }, period);
  }

  /** The peer said something: it is alive. */
  heard(): void {
    this.silentFor = 0;
    this.countedUntil = this.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
