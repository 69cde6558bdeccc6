import { ConfigError, type Logger, silentLogger } from '@raft/core';
import { deriveAuthToken } from './auth-token.js';
import type { BackoffOptions } from './backoff.js';
import type { TransportCounters } from './transport-counters.js';

/**
 * TLS material, as PEM strings or buffers (read files with `fs.readFileSync`), common to the
 * network transports; each adds its own `ca` (the CA that signs peer certificates).
 */
export interface TlsCertificateOptions {
  /** This node's certificate chain (server certificate, and client certificate for mTLS). */
  readonly cert: string | Uint8Array;
  readonly key: string | Uint8Array;
  /** Mutual TLS: the server requires a client certificate signed by `ca`. Default false. */
  readonly requireClientCertificate?: boolean;
  /** The name to verify server certificates against, when it is not the host of the address. */
  readonly serverName?: string;
}

/** The options every network transport built on this kit takes. */
export interface NetworkTransportOptions {
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
   * The cluster's shared secret. When set, every stream or request must carry the sender's
   * credential (HMAC-SHA256 of the sender id under this secret), compared in constant time.
   * At least 16 characters (bytes).
   */
  readonly clusterSecret?: string | Uint8Array;
  /**
   * Accept messages from node ids that are not in the peer table. Default false: a node that is
   * being added must be in its peers' tables first (the driver sets them from the membership).
   */
  readonly acceptUnknownSenders?: boolean;
  /** The deadline of establishing a connection to a peer, in ms. Default 2,000. */
  readonly connectTimeoutMs?: number;
  /** The most (estimated) bytes in one outbound batch. Default 4 MiB. */
  readonly maxBatchBytes?: number;
  /** The most messages in one outbound batch. Default 4,096. */
  readonly maxBatchMessages?: number;
  /** The most messages waiting for one peer; the oldest are dropped beyond it. Default 10,000. */
  readonly maxQueuedMessages?: number;
  /** Reconnect back-off after a failed delivery. Default 50 ms doubling to 2,000 ms, jittered. */
  readonly backoff?: BackoffOptions;
  /** Defaults to a logger that drops everything. */
  readonly logger?: Logger;
  /** Randomness for back-off jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** The positive-number options of {@link NetworkTransportOptions}. */
const POSITIVE_OPTIONS = [
  'connectTimeoutMs',
  'maxBatchBytes',
  'maxBatchMessages',
  'maxQueuedMessages',
] as const;

/**
 * Checks the common options, plus `positiveKeys` of the transport's own options (each, when set,
 * must be a positive finite number).
 *
 * @throws ConfigError naming the first invalid key.
 */
export function validateNetworkTransportOptions<Options extends NetworkTransportOptions>(
  options: Options,
  positiveKeys: readonly (keyof Options & string)[] = [],
): void {
  if (typeof options.nodeId !== 'string' || options.nodeId === '') {
    throw new ConfigError('nodeId', 'must be a non-empty string');
  }
  for (const key of [...positiveKeys, ...POSITIVE_OPTIONS]) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new ConfigError(key, `must be a positive number, got ${String(value)}`);
    }
  }
  if (options.clusterSecret !== undefined && options.clusterSecret.length < 16) {
    throw new ConfigError('clusterSecret', 'must be at least 16 characters (bytes)');
  }
}

/** What every outbound peer link of one transport shares, with the defaults applied. */
export interface OutboundLinkSettings {
  readonly nodeId: string;
  readonly clusterId: string;
  /** The credential sent with every batch; undefined without a cluster secret. */
  readonly authToken: string | undefined;
  readonly connectTimeoutMs: number;
  readonly maxBatchBytes: number;
  readonly maxBatchMessages: number;
  readonly maxQueuedMessages: number;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
  readonly counters: TransportCounters;
  readonly logger: Logger;
}

/** The {@link OutboundLinkSettings} of `options`, defaults applied. */
export function outboundLinkSettings(
  options: NetworkTransportOptions,
  counters: TransportCounters,
): OutboundLinkSettings {
  const clusterId = options.clusterId ?? '';
  return {
    nodeId: options.nodeId,
    clusterId,
    authToken:
      options.clusterSecret === undefined
        ? undefined
        : deriveAuthToken(options.clusterSecret, clusterId, options.nodeId),
    connectTimeoutMs: options.connectTimeoutMs ?? 2000,
    maxBatchBytes: options.maxBatchBytes ?? 4 * 1024 * 1024,
    maxBatchMessages: options.maxBatchMessages ?? 4096,
    maxQueuedMessages: options.maxQueuedMessages ?? 10_000,
    backoff: options.backoff ?? {},
    random: options.random ?? Math.random,
    counters,
    logger: options.logger ?? silentLogger,
  };
}
