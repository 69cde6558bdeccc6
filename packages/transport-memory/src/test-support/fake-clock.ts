import type { Clock, TimerHandle } from '@raft/core';

interface Timer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A manual {@link Clock} for tests: time moves only in `advance`, which runs due timers in order.
 *
 * `tieOrder: 'lifo'` runs timers due at the same instant newest first, to prove that the network's
 * FIFO guarantee does not depend on how a clock breaks ties.
 */
export class FakeClock implements Clock {
  #nowMs = 0;
  #nextId = 1;
  #timers: Timer[] = [];
  readonly #tieOrder: 'fifo' | 'lifo';

  constructor(tieOrder: 'fifo' | 'lifo' = 'fifo') {
    this.#tieOrder = tieOrder;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, dueMs: this.#nowMs + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** The number of timers that have not run yet. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, each at its due time. */
  advance(ms: number): void {
    const targetMs = this.#nowMs + ms;
    for (let timer = this.#nextDue(targetMs); timer !== undefined; timer = this.#nextDue(targetMs)) {
      this.#timers = this.#timers.filter((other) => other !== timer);
      this.#nowMs = timer.dueMs;
      timer.callback();
    }
    this.#nowMs = targetMs;
  }

  #nextDue(targetMs: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) {
      if (timer.dueMs > targetMs) continue;
      if (best === undefined || timer.dueMs < best.dueMs) best = timer;
      else if (timer.dueMs === best.dueMs && this.#runsFirst(timer, best)) best = timer;
    }
    return best;
  }

  /** Between two timers due at the same instant, whether `a` runs before `b`. */
  #runsFirst(a: Timer, b: Timer): boolean {
    return this.#tieOrder === 'fifo' ? a.id < b.id : a.id > b.id;
  }
}
