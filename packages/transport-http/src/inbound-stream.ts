import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitEnvelope, deliverAddressed } from '@raft/wire';
import { FrameReader } from './frames.js';
import type { InboundContext, Refuse } from './inbound-context.js';

/**
 * The stream endpoint: the body is a sequence of length-prefixed envelopes (`frames.ts`), each of
 * at most `maxBodyBytes`, read and handed over one by one as they arrive: one TCP stream, so in
 * the order they were sent. The first bad frame refuses the stream (status, `x-raft-error`, and
 * the connection is closed); what came before it stays delivered, nothing after it is read. A
 * stream that ends cleanly is answered with 204.
 */
export function readFrameStream(
  context: InboundContext,
  request: IncomingMessage,
  response: ServerResponse,
  senderId: string | undefined,
  refuse: Refuse,
): void {
  const reader = new FrameReader(context.maxBodyBytes);
  const limits = { ...context.decodeLimits, maxEnvelopeBytes: context.maxBodyBytes };
  let refused = false;
  const stop: Refuse = (reason, detail) => {
    refused = true;
    refuse(reason, detail, true);
  };
  const onFrame = (frame: Uint8Array): boolean => {
    const admission = admitEnvelope(frame, context, senderId, limits);
    if (admission.reason !== undefined) {
      stop(admission.reason, admission.detail);
      return false;
    }
    if (!context.isOpen()) {
      stop('closed', 'transport closed');
      return false;
    }
    deliverAddressed(admission.envelope, context.nodeId, context.counters, context.deliver);
    return true;
  };
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    const error = reader.push(chunk, onFrame);
    if (error !== undefined) stop(error.reason, error.detail);
  });
  request.on('end', () => {
    if (refused) return;
    if (reader.pendingBytes > 0) {
      stop('malformed', `stream ended inside a frame (${reader.pendingBytes} bytes)`);
      return;
    }
    response.statusCode = 204;
    response.end();
  });
}
