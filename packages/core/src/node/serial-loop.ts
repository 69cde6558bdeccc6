/** How many Readys the loop carries out before it lets timers and I/O run. */
const RUNS_BETWEEN_YIELDS = 16;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a {@link SerialLoop} runs. */
export interface SerialLoopSteps {
  /** Whether to keep going (the node still runs). */
  readonly canRun: () => boolean;
  /** Whether there is work; synchronous, so no input can slip between this check and going idle. */
  readonly hasWork: () => boolean;
  /** Does one unit of work (one Ready). */
  readonly runOnce: () => Promise<void>;
  /** Called with anything `hasWork` or `runOnce` throws; the run ends there. */
  readonly onError: (error: unknown) => void;
}

/**
 * The driver's one loop (CONVENTIONS 13): runs `runOnce` while there is work, never two at a time,
 * so at most one Ready is in flight and inputs that arrive meanwhile join the next one.
 *
 * `wake()` is cheap and idempotent: call it after every input. It starts a run on a microtask, so
 * all inputs of one synchronous burst (say, a thousand `propose` calls) are there when the run
 * looks, and is a no-op while a run is active, since the run checks for work again after each step.
 */
export class SerialLoop {
  private scheduled = false;
  private active = false;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly steps: SerialLoopSteps) {}

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.active;
  }

  /** Makes sure a run happens soon. */
  wake(): void {
    if (this.scheduled || this.active) return;
    this.scheduled = true;
    queueMicrotask(this.begin);
  }

  /** Settles when the current run (if any) has finished. Never rejects. */
  idle(): Promise<void> {
    return this.current;
  }

  private readonly begin = (): void => {
    this.scheduled = false;
    if (this.active || !this.steps.canRun()) return;
    this.active = true;
    this.current = this.run();
  };

  private async run(): Promise<void> {
    const { canRun, hasWork, runOnce, onError } = this.steps;
    try {
      let sinceYield = 0;
      while (canRun() && hasWork()) {
        await runOnce();
        // With in-memory stores and transports every step is a microtask, and a busy loop would
        // starve timers (ticks: heartbeats, elections). Let the event loop breathe now and then.
        if (++sinceYield >= RUNS_BETWEEN_YIELDS) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    } catch (error) {
      onError(error);
    } finally {
      // Synchronously after the last hasWork() check: an input that arrives later finds the loop
      // inactive and wakes it, so no wake-up is lost.
      this.active = false;
    }
  }
}
