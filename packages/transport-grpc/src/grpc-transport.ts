import { type ChannelOptions, Server, ServerCredentials } from '@grpc/grpc-js';
import {
  ConfigError,
  type Logger,
  type Message,
  type MessageHandler,
  silentLogger,
  type Transport,
} from '@raft/core';
import { AuthTokenVerifier, deriveAuthToken } from '@raft/wire';
import { TransportStateError } from './errors/transport-state-error.js';
import { raftTransportService } from './grpc-service.js';
import type { GrpcTransportOptions } from './grpc-transport-options.js';
import { GrpcTransportCounters, type GrpcTransportStats } from './grpc-transport-stats.js';
import { handleInboundStream, type InboundContext } from './inbound-stream.js';
import { type PeerLinkSettings, PeerStreamLink } from './peer-stream-link.js';

/** A {@link Transport} over gRPC, created by {@link createGrpcTransport}. */
export interface GrpcTransport extends Transport {
  readonly nodeId: string;
  /** Where the server listens, as `host:port`: what peers put in their peer tables. Set once started. */
  readonly address: string;
  /** Counters since creation: sent, written, dropped and refused, by reason. */
  stats(): GrpcTransportStats;
}

/**
 * Creates a Raft transport over gRPC (@grpc/grpc-js): one long-lived client stream per peer
 * carries batches of messages in order, encoded with @raft/wire.
 *
 * @throws ConfigError if an option is invalid.
 */
export function createGrpcTransport(options: GrpcTransportOptions): GrpcTransport {
  return new GrpcJsTransport(options);
}

type State = 'created' | 'starting' | 'started' | 'closed';

class GrpcJsTransport implements GrpcTransport {
  readonly nodeId: string;
  readonly #options: GrpcTransportOptions;
  readonly #logger: Logger;
  readonly #counters = new GrpcTransportCounters();
  readonly #linkSettings: PeerLinkSettings;
  readonly #maxMessageBytes: number;
  #state: State = 'created';
  #handler: MessageHandler | undefined;
  #server: Server | undefined;
  #address = '';
  #peers: ReadonlyMap<string, string> = new Map();
  readonly #links = new Map<string, PeerStreamLink>();

  constructor(options: GrpcTransportOptions) {
    validateOptions(options);
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    const clusterId = options.clusterId ?? '';
    const keepaliveTimeMs = options.keepaliveTimeMs ?? 10_000;
    const channelOptions: ChannelOptions = {
      'grpc.max_send_message_length': this.#maxMessageBytes,
      'grpc.max_receive_message_length': this.#maxMessageBytes,
      'grpc.keepalive_time_ms': keepaliveTimeMs,
      'grpc.keepalive_timeout_ms': options.keepaliveTimeoutMs ?? 5000,
      'grpc.keepalive_permit_without_calls': 1,
      // Our own back-off decides when to retry; keep the channel's reconnect quick after it.
      'grpc.initial_reconnect_backoff_ms': 50,
      'grpc.max_reconnect_backoff_ms': options.backoff?.maxDelayMs ?? 2000,
    };
    this.#linkSettings = {
      nodeId: options.nodeId,
      clusterId,
      authToken:
        options.clusterSecret === undefined
          ? undefined
          : deriveAuthToken(options.clusterSecret, clusterId, options.nodeId),
      tls: options.tls,
      connectTimeoutMs: options.connectTimeoutMs ?? 2000,
      writeTimeoutMs: options.writeTimeoutMs ?? 5000,
      channelOptions,
      maxBatchBytes: options.maxBatchBytes ?? 4 * 1024 * 1024,
      maxBatchMessages: options.maxBatchMessages ?? 4096,
      maxQueuedMessages: options.maxQueuedMessages ?? 10_000,
      backoff: options.backoff ?? {},
      random: options.random ?? Math.random,
      counters: this.#counters,
      logger: this.#logger,
    };
  }

  get address(): string {
    return this.#address;
  }

  stats(): GrpcTransportStats {
    return this.#counters.snapshot();
  }

  async start(handler: MessageHandler): Promise<void> {
    if (this.#state !== 'created') throw new TransportStateError(`start() called when ${this.#state}`);
    this.#state = 'starting';
    this.#handler = handler;
    const keepaliveTimeMs = this.#options.keepaliveTimeMs ?? 10_000;
    const server = new Server({
      'grpc.max_receive_message_length': this.#maxMessageBytes,
      'grpc.max_send_message_length': this.#maxMessageBytes,
      'grpc.keepalive_time_ms': keepaliveTimeMs,
      'grpc.keepalive_timeout_ms': this.#options.keepaliveTimeoutMs ?? 5000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.http2.min_ping_interval_without_data_ms': Math.min(keepaliveTimeMs / 2, 5000),
    });
    const context = this.#inboundContext();
    server.addService(raftTransportService, {
      send: handleInboundStream.bind(undefined, context),
    });
    const tls = this.#options.tls;
    const serverCredentials =
      tls === undefined
        ? ServerCredentials.createInsecure()
        : ServerCredentials.createSsl(
            tls.ca === undefined ? null : Buffer.from(tls.ca),
            [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }],
            tls.requireClientCertificate ?? false,
          );
    const host = this.#options.listen?.host ?? '127.0.0.1';
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(
        `${host}:${this.#options.listen?.port ?? 0}`,
        serverCredentials,
        (error, boundPort) => {
          if (error) reject(error);
          else resolve(boundPort);
        },
      );
    });
    this.#server = server;
    this.#address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (this.#state === 'starting') this.#state = 'started';
    this.#logger.info('grpc transport listening', { nodeId: this.nodeId, address: this.#address });
  }

  send(messages: readonly Message[]): void {
    for (const message of messages) {
      this.#counters.sent++;
      if (this.#state === 'closed') {
        this.#counters.dropped.closed++;
        continue;
      }
      const link = this.#link(message.to);
      if (link === undefined) this.#counters.dropped.noPeer++;
      else link.push(message);
    }
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    this.#peers = new Map(peers);
    for (const [id, link] of this.#links) {
      if (peers.get(id) !== link.address) {
        this.#links.delete(id);
        void link.close();
      }
    }
  }

  /** Ends every outbound stream, then shuts the server down, waiting up to a second for inbound streams. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#handler = undefined;
    const links = [...this.#links.values()];
    this.#links.clear();
    await Promise.all(links.map((link) => link.close()));
    const server = this.#server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #link(peerId: string): PeerStreamLink | undefined {
    const existing = this.#links.get(peerId);
    if (existing !== undefined) return existing;
    const address = this.#peers.get(peerId);
    if (address === undefined) return undefined;
    let link: PeerStreamLink;
    try {
      link = new PeerStreamLink(peerId, address, this.#linkSettings);
    } catch (error) {
      this.#logger.warn('grpc transport: bad peer address', { peerId, address, error });
      return undefined;
    }
    this.#links.set(peerId, link);
    return link;
  }

  #inboundContext(): InboundContext {
    const options = this.#options;
    return {
      nodeId: this.nodeId,
      clusterId: options.clusterId ?? '',
      verifier:
        options.clusterSecret === undefined
          ? undefined
          : new AuthTokenVerifier(options.clusterSecret, options.clusterId ?? ''),
      acceptUnknownSenders: options.acceptUnknownSenders ?? false,
      maxMessageBytes: this.#maxMessageBytes,
      counters: this.#counters,
      logger: this.#logger,
      isKnownPeer: (nodeId) => this.#peers.has(nodeId),
      isOpen: () => this.#state !== 'closed' && this.#handler !== undefined,
      deliver: (message) => {
        this.#counters.received++;
        try {
          this.#handler?.(message);
        } catch (error) {
          this.#counters.handlerErrors++;
          this.#logger.error('grpc transport: message handler threw', { error, type: message.type });
        }
      },
    };
  }
}

function validateOptions(options: GrpcTransportOptions): void {
  if (typeof options.nodeId !== 'string' || options.nodeId === '') {
    throw new ConfigError('nodeId', 'must be a non-empty string');
  }
  const positive = [
    'connectTimeoutMs',
    'writeTimeoutMs',
    'keepaliveTimeMs',
    'keepaliveTimeoutMs',
    'maxMessageBytes',
    'maxBatchBytes',
    'maxBatchMessages',
    'maxQueuedMessages',
  ] as const;
  for (const key of positive) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new ConfigError(key, `must be a positive number, got ${String(value)}`);
    }
  }
  if (options.clusterSecret !== undefined && options.clusterSecret.length < 16) {
    throw new ConfigError('clusterSecret', 'must be at least 16 characters (bytes)');
  }
}
