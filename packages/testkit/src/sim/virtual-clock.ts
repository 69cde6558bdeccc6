import type { Clock, TimerHandle } from '@raft/core';

/** A scheduled callback. Exposed only as an opaque {@link TimerHandle}. */
interface Timer {
  readonly dueMs: number;
  /** Insertion order: breaks ties between timers due at the same time, so runs are deterministic. */
  readonly sequence: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Tuning for a {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** The time the clock starts at, in ms. Default 0. */
  readonly startMs?: number;
  /**
   * How many timers may fire without virtual time advancing before the clock assumes a livelock
   * (a callback that keeps rescheduling itself with no delay) and throws. Default 100 000.
   */
  readonly maxTimersPerInstant?: number;
}

/**
 * A deterministic, manually driven {@link Clock} for simulation: time stands still until the test
 * advances it, timers fire in order of due time and then of scheduling, and after each timer the
 * clock lets pending promise callbacks settle before firing the next. A whole cluster on one virtual
 * clock therefore runs the same way every time, and faster than real time.
 *
 * "Settle" means: one turn of the Node.js event loop (`setImmediate`), which runs every promise
 * callback chained from the timer, as long as nothing waits on real I/O.
 */
export class VirtualClock implements Clock {
  private nowMs: number;
  private nextSequence = 0;
  private liveTimers = 0;
  /** A binary min-heap ordered by (dueMs, sequence); cancelled timers are dropped lazily. */
  private readonly heap: Timer[] = [];
  private readonly maxTimersPerInstant: number;
  private firedAtThisInstant = 0;

  constructor(options: VirtualClockOptions = {}) {
    this.nowMs = options.startMs ?? 0;
    this.maxTimersPerInstant = options.maxTimersPerInstant ?? 100_000;
  }

  /** The current virtual time, in ms. */
  now(): number {
    return this.nowMs;
  }

  /** Schedules `callback` `delayMs` from now (negative or NaN delays count as 0, like Node's). */
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: Timer = {
      dueMs: this.nowMs + delay,
      sequence: this.nextSequence++,
      callback,
      cancelled: false,
    };
    this.push(timer);
    this.liveTimers += 1;
    return timer;
  }

  /** Cancels a timer that has not fired; ignores anything else. */
  clearTimeout(handle: TimerHandle): void {
    const timer = handle as Timer | undefined;
    if (timer === undefined || timer === null || typeof timer !== 'object' || !('cancelled' in timer)) return;
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.liveTimers -= 1;
  }

  /** How many timers are scheduled and not yet fired or cancelled. */
  pendingTimers(): number {
    return this.liveTimers;
  }

  /** When the next timer is due, or undefined when none is scheduled. */
  nextDueMs(): number | undefined {
    return this.peek()?.dueMs;
  }

  /**
   * Fires the next timer (advancing time to when it is due), then lets promise callbacks settle.
   * When no timer is scheduled, first lets pending promise callbacks run, since they may set one.
   * @returns false when still no timer was scheduled (time does not move).
   */
  async step(): Promise<boolean> {
    let timer = this.peek();
    if (timer === undefined) {
      // Work started just before (a promise chain not yet run) may be about to schedule one.
      await this.settle();
      timer = this.peek();
      if (timer === undefined) return false;
    }
    this.pop();
    this.fire(timer);
    await this.settle();
    return true;
  }

  /**
   * Fires, in order, every timer due at or before `timeMs` (including ones scheduled meanwhile),
   * settling promises after each, then advances the time to `timeMs`.
   */
  async runUntil(timeMs: number): Promise<void> {
    // Let work started before the call schedule its timers first.
    await this.settle();
    for (let timer = this.peek(); timer !== undefined && timer.dueMs <= timeMs; timer = this.peek()) {
      this.pop();
      this.fire(timer);
      await this.settle();
    }
    if (timeMs > this.nowMs) this.setNow(timeMs);
  }

  /** Runs for `durationMs` of virtual time; see {@link runUntil}. */
  runFor(durationMs: number): Promise<void> {
    return this.runUntil(this.nowMs + durationMs);
  }

  /** Lets promise callbacks that were triggered so far (without real I/O) run to completion. */
  settle(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  private fire(timer: Timer): void {
    this.liveTimers -= 1;
    timer.cancelled = true;
    if (timer.dueMs > this.nowMs) this.setNow(timer.dueMs);
    this.firedAtThisInstant += 1;
    if (this.firedAtThisInstant > this.maxTimersPerInstant) {
      throw new Error(
        `virtual clock: more than ${this.maxTimersPerInstant} timers fired at ${this.nowMs} ms without time advancing (livelock?)`,
      );
    }
    timer.callback();
  }

  private setNow(timeMs: number): void {
    this.nowMs = timeMs;
    this.firedAtThisInstant = 0;
  }

  /** The earliest live timer, discarding cancelled ones from the top of the heap. */
  private peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!before(heap[child]!, heap[parent]!)) break;
      [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
      child = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === parent) return;
      [heap[smallest], heap[parent]] = [heap[parent]!, heap[smallest]!];
      parent = smallest;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);
}
