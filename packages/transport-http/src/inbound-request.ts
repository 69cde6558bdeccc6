import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitEnvelope, deliverAddressed } from '@raft/wire';
import { type InboundContext, type Refuse, refusal } from './inbound-context.js';
import { readFrameStream } from './inbound-stream.js';
import { AUTH_HEADER, MESSAGES_PATH, SENDER_HEADER, STREAM_PATH } from './wire-protocol.js';

/**
 * Handles one request: checks path, state and credentials before reading the body, then either
 * reads one envelope (`MESSAGES_PATH`) or a stream of framed envelopes (`STREAM_PATH`). Each
 * envelope is decoded and checked before its messages are handed over. Every refusal is answered
 * with a status and an `x-raft-error` code, counted and logged at debug level; nothing thrown here
 * can reach the server (decode errors are typed and caught).
 */
export function handleInboundRequest(
  context: InboundContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const refuse = refusal(context, response);
  request.on('error', () => {
    // An aborted upload: what was delivered stays delivered, nothing to answer.
  });
  const path = request.url;
  if (request.method !== 'POST' || (path !== STREAM_PATH && path !== MESSAGES_PATH)) {
    request.resume();
    refuse('notFound', `${request.method} ${path}`);
    return;
  }
  if (!context.isOpen()) {
    request.resume();
    refuse('closed', 'transport closed');
    return;
  }
  const senderId = header(request, SENDER_HEADER);
  if (
    context.verifier !== undefined &&
    (senderId === undefined || !context.verifier.verify(senderId, header(request, AUTH_HEADER)))
  ) {
    refuse('unauthenticated', `sender ${JSON.stringify(senderId)}`, true);
    return;
  }
  if (path === STREAM_PATH) readFrameStream(context, request, response, senderId, refuse);
  else readOneEnvelope(context, request, response, senderId, refuse);
}

/** The one-envelope endpoint: the whole body is one envelope of at most `maxBodyBytes`. */
function readOneEnvelope(
  context: InboundContext,
  request: IncomingMessage,
  response: ServerResponse,
  senderId: string | undefined,
  refuse: Refuse,
): void {
  const declaredLength = Number(request.headers['content-length'] ?? 0);
  if (!(declaredLength <= context.maxBodyBytes)) {
    refuse('tooLarge', `content-length ${request.headers['content-length']}`, true);
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
      refuse('tooLarge', `body over ${context.maxBodyBytes} bytes`, true);
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
      refuse(admission.reason, admission.detail);
      return;
    }
    if (!context.isOpen()) {
      refuse('closed', 'transport closed');
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
