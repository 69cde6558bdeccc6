import type { Clock, TimerHandle } from '@raft/core';
import type { VirtualClock } from './virtual-clock.js';

interface NodeTimer {
  inner: TimerHandle;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * One simulated process's view of the shared {@link VirtualClock}. Lets the simulation kill the
 * process (every timer cancelled, new ones ignored: `kill -9`) or pause it (timers that come due are
 * held until `resume`, like a process stopped with SIGSTOP or a long GC pause).
 */
export class NodeClock implements Clock {
  private readonly timers = new Set<NodeTimer>();
  private held: NodeTimer[] = [];
  private killed = false;
  private paused = false;

  constructor(private readonly clock: VirtualClock) {}

  now(): number {
    return this.clock.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: NodeTimer = { inner: undefined, callback, cancelled: this.killed };
    if (this.killed) return timer;
    timer.inner = this.clock.setTimeout(() => this.fire(timer), delayMs);
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = handle as NodeTimer;
    if (!this.timers.has(timer)) return;
    timer.cancelled = true;
    this.timers.delete(timer);
    this.clock.clearTimeout(timer.inner);
  }

  /** Cancels every timer for good: the process is dead. */
  kill(): void {
    this.killed = true;
    for (const timer of this.timers) {
      timer.cancelled = true;
      this.clock.clearTimeout(timer.inner);
    }
    this.timers.clear();
    this.held = [];
  }

  /** Holds timers that come due until {@link resume}. */
  pause(): void {
    this.paused = true;
  }

  /** Fires the held timers (now, in the order they came due) and lets time run again. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const timer of held) {
      if (timer.cancelled) continue;
      timer.inner = this.clock.setTimeout(() => this.fire(timer), 0);
    }
  }

  /** Whether the process is paused. */
  isPaused(): boolean {
    return this.paused;
  }

  private fire(timer: NodeTimer): void {
    if (timer.cancelled || this.killed) return;
    if (this.paused) {
      this.held.push(timer);
      return;
    }
    this.timers.delete(timer);
    timer.cancelled = true;
    timer.callback();
  }
}
