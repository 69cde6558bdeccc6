import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, Message } from '@raft/core';
import {
  type AuthTokenVerifier,
  admitEnvelope,
  type DecodeLimits,
  deliverAddressed,
  type InboundPolicy,
  type TransportCounters,
} from '@raft/wire';
import { REJECTIONS, type RejectionReason } from './rejection.js';
import { AUTH_HEADER, ERROR_HEADER, MESSAGES_PATH, SENDER_HEADER } from './wire-protocol.js';

/** What the request handler needs from its transport. */
export interface InboundContext extends InboundPolicy {
  /** Present when the cluster has a secret. */
  readonly verifier: AuthTokenVerifier | undefined;
  readonly maxBodyBytes: number;
  readonly decodeLimits: Partial<DecodeLimits>;
  readonly counters: TransportCounters;
  readonly logger: Logger;
  /** Whether the transport still delivers (started and not closed). */
  isOpen(): boolean;
  deliver(message: Message): void;
}

/**
 * Handles one request: checks path, size and credentials before reading the body, then decodes
 * and checks the envelope, and only then hands its messages over. Every refusal is answered with
 * a status and an `x-raft-error` code, counted and logged at debug level; nothing thrown here can
 * reach the server (decode errors are typed and caught).
 */
export function handleInboundRequest(
  context: InboundContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const reject = (reason: RejectionReason, detail: string, closeConnection = false): void => {
    context.counters.rejected[reason]++;
    context.logger.debug('http transport: refused a request', { reason, detail });
    const { status, code } = REJECTIONS[reason];
    if (response.headersSent) return;
    response.statusCode = status;
    response.setHeader(ERROR_HEADER, code);
    // After a refusal mid-body the rest of the stream is unknown: do not reuse the connection.
    if (closeConnection) response.setHeader('connection', 'close');
    response.end();
  };

  request.on('error', () => {
    // An aborted upload: nothing was delivered, nothing to answer.
  });
  if (request.method !== 'POST' || request.url !== MESSAGES_PATH) {
    request.resume();
    reject('notFound', `${request.method} ${request.url}`);
    return;
  }
  if (!context.isOpen()) {
    request.resume();
    reject('closed', 'transport closed');
    return;
  }
  const senderId = header(request, SENDER_HEADER);
  if (
    context.verifier !== undefined &&
    (senderId === undefined || !context.verifier.verify(senderId, header(request, AUTH_HEADER)))
  ) {
    reject('unauthenticated', `sender ${JSON.stringify(senderId)}`, true);
    return;
  }
  const declaredLength = Number(request.headers['content-length'] ?? 0);
  if (!(declaredLength <= context.maxBodyBytes)) {
    reject('tooLarge', `content-length ${request.headers['content-length']}`, true);
    return;
  }

  const chunks: Buffer[] = [];
  let length = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    length += chunk.length;
    if (length > context.maxBodyBytes) {
      refused = true;
      reject('tooLarge', `body over ${context.maxBodyBytes} bytes`, true);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (refused) return;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
    const admission = admitEnvelope(body, context, senderId, {
      ...context.decodeLimits,
      maxEnvelopeBytes: context.maxBodyBytes,
    });
    if (admission.reason !== undefined) {
      reject(admission.reason, admission.detail);
      return;
    }
    if (!context.isOpen()) {
      reject('closed', 'transport closed');
      return;
    }
    deliverAddressed(admission.envelope, context.nodeId, context.counters, context.deliver);
    response.statusCode = 204;
    response.end();
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
