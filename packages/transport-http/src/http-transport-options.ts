import type { NetworkTransportOptions, TlsCertificateOptions } from '@raft/wire';

/**
 * TLS material, as PEM strings or buffers (read files with `fs.readFileSync`). With `tls` set the
 * server speaks HTTPS and the client connects with `https:` and verifies the peer against `ca`.
 */
export interface HttpTlsOptions extends TlsCertificateOptions {
  /** The CA(s) that sign peer certificates. Defaults to Node's public roots. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
}

/**
 * Options of {@link createHttpTransport}: the common network transport options of `@raft/wire`
 * (`nodeId`, `listen`, `clusterId`, `clusterSecret`, `acceptUnknownSenders`, `connectTimeoutMs`,
 * `maxBatchBytes` and `maxBatchMessages` per request, `maxQueuedMessages`, `backoff` after a failed
 * request, `logger`, `random`), plus these.
 */
export interface HttpTransportOptions extends NetworkTransportOptions {
  readonly tls?: HttpTlsOptions;
  /** The deadline of one request (connect, send, response), in ms. Default 5,000. */
  readonly requestTimeoutMs?: number;
  /** The largest request body the server accepts, in bytes. Default 64 MiB. */
  readonly maxBodyBytes?: number;
}
