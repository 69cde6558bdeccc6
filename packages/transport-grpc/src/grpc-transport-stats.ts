import type { TransportStats } from '@raft/wire';

/**
 * Counters of a gRPC transport since it was created (`@raft/wire`'s transport stats):
 * `batchesDelivered` counts frames written to a peer stream; `rejected` counts inbound streams or
 * frames refused, by reason.
 */
export type GrpcTransportStats = TransportStats;
