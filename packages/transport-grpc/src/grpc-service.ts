import type { ServiceDefinition } from '@grpc/grpc-js';

/**
 * The gRPC service, defined by hand with identity serializers so frames are the @raft/wire
 * envelope bytes (no proto-loader, no second copy):
 *
 *     service RaftTransport { rpc Send(stream raft.wire.v1.Envelope) returns (SendSummary); }
 *
 * One client stream per peer carries that peer's batches in order; the server answers only when
 * the stream ends (or refuses it with a status).
 */
export const SEND_PATH = '/raft.wire.v1.RaftTransport/Send';

export const raftTransportService: ServiceDefinition = {
  send: {
    path: SEND_PATH,
    requestStream: true,
    responseStream: false,
    originalName: 'Send',
    requestSerialize: serializeBytes,
    requestDeserialize: (buffer: Buffer) => buffer,
    responseSerialize: () => Buffer.alloc(0),
    responseDeserialize: () => ({}),
  },
};

/** A Uint8Array as a Buffer over the same memory. */
export function serializeBytes(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Metadata keys: the sender's node id and, with a cluster secret, its credential. */
export const SENDER_METADATA = 'x-raft-sender';
export const AUTH_METADATA = 'x-raft-auth';
