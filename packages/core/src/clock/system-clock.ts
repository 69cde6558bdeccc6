import type { Clock, TimerHandle } from '../interfaces/clock.js';

/**
 * The longest delay Node's `setTimeout` honours, in ms (2³¹ − 1, about 24.8 days). Node fires a
 * longer delay after 1 ms instead, so longer delays are clamped to this.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * The real {@link Clock}: `performance.now()` for time (monotonic, unaffected by wall-clock
 * adjustments, unlike `Date.now()`) and the global `setTimeout` for timers.
 *
 * Timers keep the process alive (they are not `unref`ed): a running node is work in progress, and a
 * process whose only activity is a Raft node must not exit under it. The driver's `stop()` clears
 * its timers, which is what lets the process exit.
 *
 * Delays are clamped to `0..MAX_TIMER_DELAY_MS` (NaN counts as 0), so an "effectively never" delay
 * such as `Infinity` cannot turn into Node's 1 ms overflow fallback. The globals are looked up on
 * each call, so test fake timers installed after import still apply.
 */
export const systemClock: Clock = Object.freeze({
  now(): number {
    return performance.now();
  },
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const clampedMs = delayMs > 0 ? Math.min(delayMs, MAX_TIMER_DELAY_MS) : 0;
    return globalThis.setTimeout(callback, clampedMs);
  },
  clearTimeout(handle: TimerHandle): void {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
});
