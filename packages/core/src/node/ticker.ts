import type { Clock, TimerHandle } from '../interfaces/clock.js';

/**
 * Calls `onTick` every `intervalMs` of the node's clock: how wall time becomes engine ticks.
 *
 * Each tick schedules the next one (rather than a fixed-rate interval), so a slow tick delays the
 * following one instead of piling ticks up; the engine counts ticks, so a late tick only stretches
 * timeouts slightly.
 */
export class Ticker {
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onTick: () => void,
  ) {}

  /** Starts ticking; the first tick comes `intervalMs` from now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops ticking. Idempotent. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(this.fire, this.intervalMs);
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    if (!this.running) return;
    // Schedule first: a throwing onTick must not stop the clock.
    this.schedule();
    this.onTick();
  };
}
