import type { OutboundDropReason } from '@raft/wire';
import type { RejectionReason } from './rejection.js';

/** Counters of an HTTP transport since it was created. */
export interface HttpTransportStats {
  /** Messages handed to `send`. */
  readonly sent: number;
  /** Requests that a peer answered with success, and the messages in them. */
  readonly batchesDelivered: number;
  readonly messagesDelivered: number;
  /** Outbound messages dropped, by reason (`noPeer`: no address for the `to` node). */
  readonly dropped: Readonly<Record<OutboundDropReason | 'noPeer', number>>;
  /** Inbound messages handed to the handler. */
  readonly received: number;
  /** Inbound requests refused, by reason; `misrouted` counts messages whose `to` is another node. */
  readonly rejected: Readonly<Record<RejectionReason | 'misrouted', number>>;
  /** Exceptions thrown by the message handler (caught; delivery carries on). */
  readonly handlerErrors: number;
}

/** Mutable counters behind {@link HttpTransportStats}. */
export class HttpTransportCounters {
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

  snapshot(): HttpTransportStats {
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
