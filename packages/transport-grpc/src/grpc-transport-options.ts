import type { Logger } from '@raft/core';
import type { BackoffOptions } from '@raft/wire';

/**
 * TLS material, as PEM strings or buffers (read files with `fs.readFileSync`). With `tls` set the
 * server and the clients use TLS and verify the peer against `ca`.
 */
export interface GrpcTlsOptions {
  /** This node's certificate chain (server certificate, and client certificate for mTLS). */
  readonly cert: string | Uint8Array;
  readonly key: string | Uint8Array;
  /** The CA that signs peer certificates. Defaults to the public roots. */
  readonly ca?: string | Uint8Array;
  /** Mutual TLS: the server requires a client certificate signed by `ca`. Default false. */
  readonly requireClientCertificate?: boolean;
  /** The name to verify server certificates against, when it is not the host of the address. */
  readonly serverName?: string;
}

/** Options of {@link createGrpcTransport}. */
export interface GrpcTransportOptions {
  /** This node's id: the `from` of everything it sends, and the `to` it accepts. */
  readonly nodeId: string;
  /** Where the server listens. Default `127.0.0.1`, port 0 (any free port; read `address` after start). */
  readonly listen?: { readonly host?: string; readonly port?: number };
  /** Envelopes carrying another cluster id are refused; also salts the credential. Default `''`. */
  readonly clusterId?: string;
  /**
   * The cluster's shared secret. When set, every stream must carry the sender's credential
   * (HMAC-SHA256 of the sender id under this secret) in metadata, compared in constant time.
   */
  readonly clusterSecret?: string | Uint8Array;
  readonly tls?: GrpcTlsOptions;
  /** Accept messages from node ids that are not in the peer table. Default false. */
  readonly acceptUnknownSenders?: boolean;
  /** The deadline for connecting to a peer, in ms. Default 2,000. */
  readonly connectTimeoutMs?: number;
  /** How long a write may wait for the stream to drain before the stream is reset, in ms. Default 5,000. */
  readonly writeTimeoutMs?: number;
  /** The interval of keepalive pings on idle connections, in ms. Default 10,000. */
  readonly keepaliveTimeMs?: number;
  /** How long to wait for a keepalive ack before the connection is dropped, in ms. Default 5,000. */
  readonly keepaliveTimeoutMs?: number;
  /** The largest frame sent or received, in bytes. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  /** The most (estimated) bytes in one frame. Default 4 MiB. */
  readonly maxBatchBytes?: number;
  /** The most messages in one frame. Default 4,096. */
  readonly maxBatchMessages?: number;
  /** The most messages waiting for one peer; the oldest are dropped beyond it. Default 10,000. */
  readonly maxQueuedMessages?: number;
  /** Reconnect back-off after a failed stream. Default 50 ms doubling to 2,000 ms, jittered. */
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
  /** Randomness for back-off jitter. Default `Math.random`. */
  readonly random?: () => number;
}
