/** An opaque handle for a scheduled callback. */
export type TimerHandle = unknown;

/**
 * The driver's source of time. The system clock in production; a virtual clock in simulation so
 * that a whole cluster run is deterministic and faster than real time.
 */
export interface Clock {
  /** Milliseconds since an arbitrary, fixed origin; never decreases. */
  now(): number;
  /** Calls `callback` once, `delayMs` milliseconds from now. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a callback that has not run yet. */
  clearTimeout(handle: TimerHandle): void;
}
