// SilenceWatch on virtual time: a peer that stops talking is found out after `silenceMs` of the
// observer's running time; a stall of the observer's own thread counts as one period at most.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SilenceWatch } from './silenceWatch.ts';

describe('SilenceWatch', () => {
  /** Time the observer's thread could not run (the fake timers' clock does not see it). */
  let stalled = 0;
  let silent = 0;
  let watch: SilenceWatch;

  beforeEach(() => {
    vi.useFakeTimers();
    stalled = 0;
    silent = 0;
    const now = () => Date.now() + stalled;
    watch = new SilenceWatch({ silenceMs: 3_000, onSilent: () => silent++, now });
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  const pass = (ms: number) => vi.advanceTimersByTime(ms);

  it('calls a peer silent for 3 s silent, and keeps calling until it speaks', () => {
    pass(2_999);
    expect(silent).toBe(0);
    pass(1);
    expect(silent).toBe(1);
    pass(1_000);
    expect(silent).toBe(2);
    watch.heard();
    pass(2_000);
    expect(silent).toBe(2);
  });

  it('a peer that keeps talking is never silent', () => {
    for (let i = 0; i < 20; i++) {
      pass(500);
      watch.heard();
    }
    expect(silent).toBe(0);
  });

  it("counts a stall of the observer's own thread as one period, not as the peer's silence", () => {
    pass(500);
    stalled += 10_000; // the thread could not run for 10 s: no tick, the peer's messages queue up
    pass(500); // the first tick after the stall comes before those messages
    expect(silent).toBe(0);
    watch.heard(); // then they are heard
    pass(2_000);
    expect(silent).toBe(0);
  });
});
