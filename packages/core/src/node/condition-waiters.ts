import type { Clock, TimerHandle } from '../interfaces/clock.js';

/** A deadline for {@link ConditionWaiters.wait}. */
export interface WaitTimeout {
  /** Give up after this long, in ms of the node's clock. */
  readonly afterMs: number;
  /** The error to reject with then. */
  readonly error: () => Error;
}

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  timer: TimerHandle | undefined;
}

/**
 * Callers waiting for a condition on the node's state (a learner caught up, a transfer completed).
 *
 * The driver calls `checkAll()` after every Ready and every tick, which is when the state they
 * watch can change; there is no polling timer. A `check` that throws rejects its waiter with the
 * thrown error (for example `NotLeaderError` when leadership was lost meanwhile).
 */
export class ConditionWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly clock: Clock) {}

  /** The number of waiters (for tests). */
  get size(): number {
    return this.waiters.length;
  }

  /** Resolves once `check()` returns true; checks it once right away. */
  wait(check: () => boolean, timeout?: WaitTimeout): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { check, resolve, reject, timer: undefined };
      if (this.evaluate(waiter)) return;
      if (timeout !== undefined) {
        waiter.timer = this.clock.setTimeout(() => {
          waiter.timer = undefined;
          this.remove(waiter);
          reject(timeout.error());
        }, timeout.afterMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Re-evaluates every waiter, settling those whose condition holds or failed. */
  checkAll(): void {
    if (this.waiters.length === 0) return;
    // Filter into a new array: a check may settle a promise whose continuation adds waiters later.
    const remaining: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (!this.evaluate(waiter)) remaining.push(waiter);
    }
    this.waiters = remaining;
  }

  /** Rejects every waiter (the node stopped). */
  rejectAll(makeError: () => Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      this.clearTimer(waiter);
      waiter.reject(makeError());
    }
  }

  /** Runs the check; settles the waiter and returns true when it is done. */
  private evaluate(waiter: Waiter): boolean {
    let done: boolean;
    try {
      done = waiter.check();
    } catch (error) {
      this.clearTimer(waiter);
      waiter.reject(error);
      return true;
    }
    if (done) {
      this.clearTimer(waiter);
      waiter.resolve();
    }
    return done;
  }

  private remove(waiter: Waiter): void {
    this.waiters = this.waiters.filter((other) => other !== waiter);
  }

  private clearTimer(waiter: Waiter): void {
    if (waiter.timer !== undefined) {
      this.clock.clearTimeout(waiter.timer);
      waiter.timer = undefined;
    }
  }
}
