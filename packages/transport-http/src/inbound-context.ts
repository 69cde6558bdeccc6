import type { ServerResponse } from 'node:http';
import type { Logger, Message } from '@raft/core';
import type { AuthTokenVerifier, DecodeLimits, InboundPolicy, TransportCounters } from '@raft/wire';
import { REJECTIONS, type RejectionReason } from './rejection.js';
import { ERROR_HEADER } from './wire-protocol.js';

/** What the request handlers need from their transport. */
export interface InboundContext extends InboundPolicy {
  /** Present when the cluster has a secret. */
  readonly verifier: AuthTokenVerifier | undefined;
  /** The largest body of the one-envelope endpoint, and the largest frame of the stream endpoint. */
  readonly maxBodyBytes: number;
  readonly decodeLimits: Partial<DecodeLimits>;
  readonly counters: TransportCounters;
  readonly logger: Logger;
  /** Whether the transport still delivers (started and not closed). */
  isOpen(): boolean;
  deliver(message: Message): void;
}

/**
 * Refuses the request: counts `reason`, logs it at debug level and answers with its status and
 * `x-raft-error` code (once; later calls only count). `closeConnection` after a refusal mid-body,
 * where the rest of the byte stream is unknown and the connection cannot be reused.
 */
export type Refuse = (reason: RejectionReason, detail: string, closeConnection?: boolean) => void;

/** The {@link Refuse} of one request. */
export function refusal(context: InboundContext, response: ServerResponse): Refuse {
  return (reason, detail, closeConnection = false) => {
    context.counters.rejected[reason]++;
    context.logger.debug('http transport: refused a request', { reason, detail });
    if (response.headersSent) return;
    const { status, code } = REJECTIONS[reason];
    response.statusCode = status;
    response.setHeader(ERROR_HEADER, code);
    if (closeConnection) response.setHeader('connection', 'close');
    response.end();
  };
}
