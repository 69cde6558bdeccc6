import type { OutboundDropReason } from './outbound-queue.js';

/** Why a network transport refused inbound traffic, counted in `stats().rejected`. */
export type InboundRejectionReason =
  | 'notFound'
  | 'unauthenticated'
  | 'unknownSender'
  | 'wrongCluster'
  | 'tooLarge'
  | 'malformed'
  | 'unsupportedVersion'
  | 'closed';

/** Counters of a network transport since it was created. */
export interface TransportStats {
  /** Messages handed to `send`. */
  readonly sent: number;
  /**
   * Batches a peer accepted (a frame written to its stream, a request it answered with success),
   * and the messages in them.
   */
  readonly batchesDelivered: number;
  readonly messagesDelivered: number;
  /** Outbound messages dropped, by reason (`noPeer`: no address for the `to` node). */
  readonly dropped: Readonly<Record<OutboundDropReason | 'noPeer', number>>;
  /** Inbound messages handed to the handler. */
  readonly received: number;
  /** Inbound traffic refused, by reason; `misrouted` counts messages whose `to` is another node. */
  readonly rejected: Readonly<Record<InboundRejectionReason | 'misrouted', number>>;
  /** Exceptions thrown by the message handler (caught; delivery carries on). */
  readonly handlerErrors: number;
}

/** Mutable counters behind {@link TransportStats}, shared by a transport's links and handlers. */
export class TransportCounters {
  sent = 0;
  batchesDelivered = 0;
  messagesDelivered = 0;
  received = 0;
  handlerErrors = 0;
  readonly dropped = { overflow: 0, failed: 0, closed: 0, noPeer: 0 };
  readonly rejected = {
    notFound: 0,
    unauthenticated: 0,
    unknownSender: 0,
    wrongCluster: 0,
    tooLarge: 0,
    malformed: 0,
    unsupportedVersion: 0,
    closed: 0,
    misrouted: 0,
  };

  snapshot(): TransportStats {
    return {
      sent: this.sent,
      batchesDelivered: this.batchesDelivered,
      messagesDelivered: this.messagesDelivered,
      received: this.received,
      handlerErrors: this.handlerErrors,
      dropped: { ...this.dropped },
      rejected: { ...this.rejected },
    };
  }
}
