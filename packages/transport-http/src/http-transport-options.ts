import type { Logger } from '@raft/core';
import type { BackoffOptions } from '@raft/wire';

/**
 * TLS material, as PEM strings or buffers (read files with `fs.readFileSync`). With `tls` set the
 * server speaks HTTPS and the client connects with `https:` and verifies the peer against `ca`.
 */
export interface HttpTlsOptions {
  /** This node's certificate chain (server certificate, and client certificate for mTLS). */
  readonly cert: string | Uint8Array;
  readonly key: string | Uint8Array;
  /** The CA(s) that sign peer certificates. Defaults to Node's public roots. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Mutual TLS: the server requires a client certificate signed by `ca`. Default false. */
  readonly requireClientCertificate?: boolean;
  /** The name to verify the server certificate against, when it is not the host of the address. */
  readonly serverName?: string;
}

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  /** This node's id: the `from` of everything it sends, and the `to` it accepts. */
  readonly nodeId: string;
  /** Where the server listens. Default `127.0.0.1`, port 0 (any free port; read `address` after start). */
  readonly listen?: { readonly host?: string; readonly port?: number };
  /**
   * Guards against crossed wires between clusters: envelopes carrying another cluster id are
   * refused. Also salts the credential derived from `clusterSecret`. Default `''`.
   */
  readonly clusterId?: string;
  /**
   * The cluster's shared secret. When set, every request must carry the sender's credential
   * (HMAC-SHA256 of the sender id under this secret), compared in constant time.
   */
  readonly clusterSecret?: string | Uint8Array;
  readonly tls?: HttpTlsOptions;
  /**
   * Accept messages from node ids that are not in the peer table. Default false: a node that is
   * being added must be in its peers' tables first (the driver sets them from the membership).
   */
  readonly acceptUnknownSenders?: boolean;
  /** The deadline of one request (connect, send, response), in ms. Default 5,000. */
  readonly requestTimeoutMs?: number;
  /** The deadline of establishing a connection, in ms. Default 2,000. */
  readonly connectTimeoutMs?: number;
  /** The largest request body the server accepts, in bytes. Default 64 MiB. */
  readonly maxBodyBytes?: number;
  /** The most (estimated) bytes the client puts in one request. Default 4 MiB. */
  readonly maxBatchBytes?: number;
  /** The most messages in one request. Default 4,096. */
  readonly maxBatchMessages?: number;
  /** The most messages waiting for one peer; the oldest are dropped beyond it. Default 10,000. */
  readonly maxQueuedMessages?: number;
  /** Reconnect back-off after a failed request. Default 50 ms doubling to 2,000 ms, jittered. */
  readonly backoff?: BackoffOptions;
  /** Defaults to a logger that drops everything. */
  readonly logger?: Logger;
  /** Randomness for back-off jitter. Default `Math.random`. */
  readonly random?: () => number;
}
