import { type ChannelOptions, Server, ServerCredentials } from '@grpc/grpc-js';
import type { Message, MessageHandler, Transport } from '@raft/core';
import {
  AuthTokenVerifier,
  deliverToHandler,
  outboundLinkSettings,
  PeerLinkTable,
  TransportCounters,
  validateNetworkTransportOptions,
} from '@raft/wire';
import { TransportStateError } from './errors/transport-state-error.js';
import { raftTransportService } from './grpc-service.js';
import type { GrpcTransportOptions } from './grpc-transport-options.js';
import type { GrpcTransportStats } from './grpc-transport-stats.js';
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
  readonly #counters = new TransportCounters();
  readonly #linkSettings: PeerLinkSettings;
  readonly #links: PeerLinkTable<PeerStreamLink>;
  readonly #maxMessageBytes: number;
  #state: State = 'created';
  #handler: MessageHandler | undefined;
  #server: Server | undefined;
  #address = '';

  constructor(options: GrpcTransportOptions) {
    validateNetworkTransportOptions(options, [
      'writeTimeoutMs',
      'keepaliveTimeMs',
      'keepaliveTimeoutMs',
      'maxMessageBytes',
    ]);
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
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
    const linkSettings: PeerLinkSettings = {
      ...outboundLinkSettings(options, this.#counters),
      tls: options.tls,
      writeTimeoutMs: options.writeTimeoutMs ?? 5000,
      channelOptions,
    };
    this.#linkSettings = linkSettings;
    this.#links = new PeerLinkTable(
      'grpc transport',
      linkSettings,
      (peerId, address) => new PeerStreamLink(peerId, address, linkSettings),
    );
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
    this.#linkSettings.logger.info('grpc transport listening', {
      nodeId: this.nodeId,
      address: this.#address,
    });
  }

  send(messages: readonly Message[]): void {
    this.#links.send(messages);
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    this.#links.setPeers(peers);
  }

  /** Ends every outbound stream, then shuts the server down, waiting up to a second for inbound streams. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#handler = undefined;
    await this.#links.close();
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
      logger: this.#linkSettings.logger,
      isKnownPeer: (nodeId) => this.#links.has(nodeId),
      isOpen: () => this.#state !== 'closed' && this.#handler !== undefined,
      deliver: (message) => deliverToHandler(this.#handler, message, this.#linkSettings, 'grpc transport'),
    };
  }
}
