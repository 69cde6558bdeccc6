/**
 * Counters of what the network did with the messages given to it, since it was created.
 *
 * Invariant: `sent + duplicated = delivered + dropped.total + inFlight`.
 */
export interface NetworkStats {
  /** Messages handed to `send`, each counted once (copies made by duplication are not). */
  readonly sent: number;
  /** Messages handed to a started receiver's handler, including ones whose handler threw. */
  readonly delivered: number;
  /** Messages, and duplicated copies, that were never delivered, by cause. */
  readonly dropped: DroppedStats;
  /** Extra copies made by the `duplicateRate` fault. */
  readonly duplicated: number;
  /** Messages (or copies) taken out of their link's FIFO order by the `reorderRate` fault. */
  readonly reordered: number;
  /** Deliveries whose handler threw; the exception was caught so the network carries on. */
  readonly handlerErrors: number;
  /** Messages and copies scheduled but not yet delivered or dropped. */
  readonly inFlight: number;
}

/** Dropped messages by cause (see {@link NetworkStats.dropped}). */
export interface DroppedStats {
  /** The sum of the causes below. */
  readonly total: number;
  /** A cut (partition, blocked link, isolation) when sent or when due for delivery. */
  readonly partition: number;
  /** Lost to the `dropRate` fault. */
  readonly loss: number;
  /** No transport with the destination id, or it was not yet started, when the message was due. */
  readonly noReceiver: number;
  /** Sent from a closed transport, or due for delivery to a closed one. */
  readonly closed: number;
}

/** Why a message was dropped: a key of {@link DroppedStats} other than `total`. */
export type DropCause = Exclude<keyof DroppedStats, 'total'>;

/** The network's live, mutable counters; `stats()` hands out frozen snapshots of them. */
export class NetworkCounters {
  sent = 0;
  delivered = 0;
  duplicated = 0;
  reordered = 0;
  handlerErrors = 0;
  inFlight = 0;
  readonly dropped: Record<DropCause, number> = { partition: 0, loss: 0, noReceiver: 0, closed: 0 };

  /** Counts one dropped message. */
  drop(cause: DropCause): void {
    this.dropped[cause] += 1;
  }

  /** A frozen copy, so a caller can keep it and diff it against a later one. */
  snapshot(): NetworkStats {
    const { partition, loss, noReceiver, closed } = this.dropped;
    return Object.freeze({
      sent: this.sent,
      delivered: this.delivered,
      dropped: Object.freeze({
        total: partition + loss + noReceiver + closed,
        partition,
        loss,
        noReceiver,
        closed,
      }),
      duplicated: this.duplicated,
      reordered: this.reordered,
      handlerErrors: this.handlerErrors,
      inFlight: this.inFlight,
    });
  }
}
