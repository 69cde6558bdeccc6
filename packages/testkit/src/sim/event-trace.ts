/** One line of a simulation trace. */
export interface TraceEvent {
  readonly step: number;
  readonly timeMs: number;
  readonly text: string;
}

/**
 * The last events of a simulation run, kept in a ring buffer so that a failure can show what led
 * to it without the run paying for a full log.
 */
export class EventTrace {
  private readonly events: (TraceEvent | undefined)[];
  private next = 0;
  private total = 0;

  constructor(readonly capacity = 50) {
    this.events = new Array<TraceEvent | undefined>(capacity);
  }

  /** Records an event. */
  add(step: number, timeMs: number, text: string): void {
    this.events[this.next] = { step, timeMs, text };
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  /** The kept events, oldest first. */
  recent(): TraceEvent[] {
    const ordered = [...this.events.slice(this.next), ...this.events.slice(0, this.next)];
    return ordered.filter((event): event is TraceEvent => event !== undefined);
  }

  /** The kept events as text, one per line, oldest first. */
  render(): string {
    const lines = this.recent().map(
      (event) => `  [step ${event.step}, ${event.timeMs.toFixed(1)} ms] ${event.text}`,
    );
    const skipped = this.total - lines.length;
    return [skipped > 0 ? `  (${skipped} earlier events not shown)` : undefined, ...lines]
      .filter((line) => line !== undefined)
      .join('\n');
  }
}
