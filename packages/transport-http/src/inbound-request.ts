import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, Message } from '@raft/core';
import {
  type AuthTokenVerifier,
  type DecodeLimits,
  decodeEnvelope,
  type Envelope,
  UnsupportedVersionError,
} from '@raft/wire';
import type { HttpTransportCounters } from './http-transport-stats.js';
import { REJECTIONS, type RejectionReason } from './rejection.js';
import { AUTH_HEADER, ERROR_HEADER, MESSAGES_PATH, SENDER_HEADER } from './wire-protocol.js';

/** What the request handler needs from its transport. */
export interface InboundContext {
  readonly nodeId: string;
  readonly clusterId: string;
  /** Present when the cluster has a secret. */
  readonly verifier: AuthTokenVerifier | undefined;
  readonly acceptUnknownSenders: boolean;
  readonly maxBodyBytes: number;
  readonly decodeLimits: Partial<DecodeLimits>;
  readonly counters: HttpTransportCounters;
  readonly logger: Logger;
  isKnownPeer(nodeId: string): boolean;
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
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(body, {
        limits: { ...context.decodeLimits, maxEnvelopeBytes: context.maxBodyBytes },
      });
    } catch (error) {
      if (error instanceof UnsupportedVersionError) reject('unsupportedVersion', error.message);
      else reject('malformed', error instanceof Error ? error.message : String(error));
      return;
    }
    if (senderId !== undefined && envelope.senderId !== senderId) {
      reject('unauthenticated', `envelope sender ${envelope.senderId} differs from header ${senderId}`);
      return;
    }
    if (envelope.clusterId !== context.clusterId) {
      reject('wrongCluster', `cluster ${JSON.stringify(envelope.clusterId)}`);
      return;
    }
    if (!context.acceptUnknownSenders && !context.isKnownPeer(envelope.senderId)) {
      reject('unknownSender', envelope.senderId);
      return;
    }
    if (!context.isOpen()) {
      reject('closed', 'transport closed');
      return;
    }
    for (const message of envelope.messages) {
      if (message.to !== context.nodeId) {
        context.counters.rejected.misrouted++;
        continue;
      }
      context.deliver(message);
    }
    response.statusCode = 204;
    response.end();
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
