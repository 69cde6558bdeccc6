import type { NetworkTransportOptions, TlsCertificateOptions } from '@raft/wire';

/**
 * TLS material, as PEM strings or buffers (read files with `fs.readFileSync`). With `tls` set the
 * server and the clients use TLS and verify the peer against `ca`.
 */
export interface GrpcTlsOptions extends TlsCertificateOptions {
  /** The CA that signs peer certificates. Defaults to the public roots. */
  readonly ca?: string | Uint8Array;
}

/**
 * Options of {@link createGrpcTransport}: the common network transport options of `@raft/wire`
 * (`nodeId`, `listen`, `clusterId`, `clusterSecret`, `acceptUnknownSenders`, `connectTimeoutMs`,
 * `maxBatchBytes` and `maxBatchMessages` per frame, `maxQueuedMessages`, `backoff` after a failed
 * stream, `logger`, `random`), plus these.
 */
export interface GrpcTransportOptions extends NetworkTransportOptions {
  readonly tls?: GrpcTlsOptions;
  /** How long a write may wait for the stream to drain before the stream is reset, in ms. Default 5,000. */
  readonly writeTimeoutMs?: number;
  /** The interval of keepalive pings on idle connections, in ms. Default 10,000. */
  readonly keepaliveTimeMs?: number;
  /** How long to wait for a keepalive ack before the connection is dropped, in ms. Default 5,000. */
  readonly keepaliveTimeoutMs?: number;
  /** The largest frame sent or received, in bytes. Default 64 MiB. */
  readonly maxMessageBytes?: number;
}
