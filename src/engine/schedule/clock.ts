// Time as the scheduler sees it. Injected so tests run on virtual time and never sleep.

/** Timer handle as returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** The scheduler's only access to time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock. It looks the globals up at call time (not import time), so Vitest's
 * `vi.useFakeTimers()` takes effect even for a scheduler created before it was called.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Deferred = () => void;
let channel: MessageChannel | undefined;
const channelQueue: Deferred[] = [];

/**
 * Runs `callback` in a later macrotask, so the event loop gets a turn: `setImmediate` in Node,
 * a `MessageChannel` in browsers and workers (no 4 ms clamp), `setTimeout` as a last resort.
 */
export function deferTask(callback: Deferred): void {
  const g = globalThis as { setImmediate?: (cb: Deferred) => unknown };
  if (typeof g.setImmediate === 'function') {
    g.setImmediate(callback);
  } else if (typeof MessageChannel === 'function') {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => channelQueue.shift()?.();
    }
    channelQueue.push(callback);
    channel.port2.postMessage(undefined);
  } else {
    globalThis.setTimeout(callback, 0);
  }
}
