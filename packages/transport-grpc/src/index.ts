// Public API of @raft/transport-grpc.
export { PeerStreamError } from './errors/peer-stream-error.js';
export { TransportStateError } from './errors/transport-state-error.js';
export { raftTransportService, SEND_PATH } from './grpc-service.js';
export { createGrpcTransport, type GrpcTransport } from './grpc-transport.js';
export type { GrpcTlsOptions, GrpcTransportOptions } from './grpc-transport-options.js';
export type { GrpcTransportStats } from './grpc-transport-stats.js';
export type { RejectionReason } from './rejection.js';
