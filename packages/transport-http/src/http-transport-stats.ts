import type { TransportStats } from '@raft/wire';

/**
 * Counters of an HTTP transport since it was created (`@raft/wire`'s transport stats):
 * `batchesDelivered` counts frames written to a peer's stream; `rejected` counts inbound streams,
 * frames and requests refused, by reason.
 */
export type HttpTransportStats = TransportStats;
