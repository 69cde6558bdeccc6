import type { TransportStats } from '@raft/wire';

/**
 * Counters of an HTTP transport since it was created (`@raft/wire`'s transport stats):
 * `batchesDelivered` counts requests that a peer answered with success; `rejected` counts inbound
 * requests refused, by reason.
 */
export type HttpTransportStats = TransportStats;
