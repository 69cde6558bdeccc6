import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { Logger, Message } from '@raft/core';
import {
  type AuthTokenVerifier,
  admitEnvelope,
  deliverAddressed,
  type InboundPolicy,
  type TransportCounters,
} from '@raft/wire';
import { AUTH_METADATA, SENDER_METADATA } from './grpc-service.js';
import type { RejectionReason } from './rejection.js';

/** What the stream handler needs from its transport. */
export interface InboundContext extends InboundPolicy {
  readonly verifier: AuthTokenVerifier | undefined;
  readonly maxMessageBytes: number;
  readonly counters: TransportCounters;
  readonly logger: Logger;
  isOpen(): boolean;
  deliver(message: Message): void;
}

const STATUS_OF: Readonly<Record<RejectionReason, status>> = {
  unauthenticated: status.UNAUTHENTICATED,
  unknownSender: status.PERMISSION_DENIED,
  wrongCluster: status.PERMISSION_DENIED,
  tooLarge: status.RESOURCE_EXHAUSTED,
  malformed: status.INVALID_ARGUMENT,
  unsupportedVersion: status.FAILED_PRECONDITION,
  closed: status.UNAVAILABLE,
  notFound: status.UNIMPLEMENTED,
};

/**
 * Handles one peer's client stream: credentials are checked once, from metadata, before any frame
 * is read; every frame is decoded and checked before its messages are handed over. The first bad
 * frame ends the stream with a status (the peer reconnects); everything refused is counted.
 */
export function handleInboundStream(
  context: InboundContext,
  call: ServerReadableStream<Buffer, unknown>,
  callback: sendUnaryData<unknown>,
): void {
  let finished = false;
  const finish = (reason: RejectionReason | undefined, detail = ''): void => {
    if (finished) return;
    finished = true;
    if (reason === undefined) {
      callback(null, {});
      return;
    }
    context.counters.rejected[reason]++;
    context.logger.debug('grpc transport: refused a stream', { reason, detail });
    callback({ code: STATUS_OF[reason], details: `${reason}: ${detail}` });
  };
  call.on('error', () => {
    finished = true;
  });
  if (!context.isOpen()) {
    finish('closed', 'transport closed');
    return;
  }
  const senderValues = call.metadata.get(SENDER_METADATA);
  const senderId = typeof senderValues[0] === 'string' ? senderValues[0] : undefined;
  if (context.verifier !== undefined) {
    const token = call.metadata.get(AUTH_METADATA)[0];
    if (
      senderId === undefined ||
      !context.verifier.verify(senderId, typeof token === 'string' ? token : undefined)
    ) {
      finish('unauthenticated', `sender ${JSON.stringify(senderId)}`);
      return;
    }
  }
  call.on('data', (frame: Buffer) => {
    if (finished) return;
    if (!context.isOpen()) {
      finish('closed', 'transport closed');
      return;
    }
    const admission = admitEnvelope(frame, context, senderId, { maxEnvelopeBytes: context.maxMessageBytes });
    if (admission.reason !== undefined) {
      finish(admission.reason, admission.detail);
      return;
    }
    deliverAddressed(admission.envelope, context.nodeId, context.counters, context.deliver);
  });
  call.on('end', () => finish(undefined));
}
