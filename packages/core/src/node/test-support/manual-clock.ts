import type { Clock, TimerHandle } from '../../interfaces/clock.js';

interface Timer {
  readonly id: number;
  readonly atMs: number;
  readonly callback: () => void;
}

/**
 * A {@link Clock} that moves only when a test says so: `advance(ms)` runs every timer that falls
 * due, in time order (ties in the order they were set). Tests never wait on wall-clock time.
 */
export class ManualClock implements Clock {
  private nowMs = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: Timer = { id: this.nextId++, atMs: this.nowMs + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** The number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running each timer that falls due (including ones set meanwhile). */
  advance(ms: number): void {
    const targetMs = this.nowMs + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers) {
        if (timer.atMs <= targetMs && (next === undefined || timer.atMs < next.atMs)) next = timer;
      }
      if (next === undefined) break;
      const due = next;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.nowMs = due.atMs;
      due.callback();
    }
    this.nowMs = targetMs;
  }
}
