import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
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
import type { HttpTransportOptions } from './http-transport-options.js';
import type { HttpTransportStats } from './http-transport-stats.js';
import type { InboundContext } from './inbound-context.js';
import { handleInboundRequest } from './inbound-request.js';
import { PeerLink, type PeerLinkSettings, STREAM_MAX_AGE_MS } from './peer-link.js';

/** A {@link Transport} over HTTP/1.1, created by {@link createHttpTransport}. */
export interface HttpTransport extends Transport {
  /** The node this transport belongs to. */
  readonly nodeId: string;
  /** Where the server listens, as `host:port`: what peers put in their peer tables. Set once started. */
  readonly address: string;
  /** Counters since creation: sent, delivered, dropped and refused, by reason. */
  stats(): HttpTransportStats;
}

/**
 * Creates a Raft transport over HTTP/1.1: a `node:http` (or `node:https`) server receives batches
 * as length-prefixed frames of a streamed `POST /raft/v1/stream` body (or one per `POST
 * /raft/v1/messages`), and an undici keep-alive client per peer streams them, one connection and
 * one request at a time per peer so order is kept, batching whatever was sent in one turn of the
 * event loop or while the stream was congested.
 *
 * @throws ConfigError if an option is invalid.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  return new NodeHttpTransport(options);
}

type State = 'created' | 'starting' | 'started' | 'closed';

class NodeHttpTransport implements HttpTransport {
  readonly nodeId: string;
  readonly #options: HttpTransportOptions;
  readonly #counters = new TransportCounters();
  readonly #linkSettings: PeerLinkSettings;
  readonly #links: PeerLinkTable<PeerLink>;
  readonly #verifier: AuthTokenVerifier | undefined;
  #state: State = 'created';
  #handler: MessageHandler | undefined;
  #server: Server | undefined;
  #address = '';

  constructor(options: HttpTransportOptions) {
    validateNetworkTransportOptions(options, ['requestTimeoutMs', 'maxBodyBytes']);
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#verifier =
      options.clusterSecret === undefined
        ? undefined
        : new AuthTokenVerifier(options.clusterSecret, options.clusterId ?? '');
    const linkSettings: PeerLinkSettings = {
      ...outboundLinkSettings(options, this.#counters),
      tls: options.tls,
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      streamMaxAgeMs: STREAM_MAX_AGE_MS,
    };
    this.#linkSettings = linkSettings;
    this.#links = new PeerLinkTable(
      'http transport',
      linkSettings,
      (peerId, address) => new PeerLink(peerId, address, linkSettings),
    );
  }

  get address(): string {
    return this.#address;
  }

  stats(): HttpTransportStats {
    return this.#counters.snapshot();
  }

  async start(handler: MessageHandler): Promise<void> {
    if (this.#state !== 'created') throw new TransportStateError(`start() called when ${this.#state}`);
    this.#state = 'starting';
    this.#handler = handler;
    const context = this.#inboundContext();
    const listener = handleInboundRequest.bind(undefined, context);
    const tls = this.#options.tls;
    const server: Server =
      tls === undefined
        ? createHttpServer(listener)
        : createHttpsServer(
            {
              cert: pem(tls.cert),
              key: pem(tls.key),
              ...(tls.ca === undefined ? {} : { ca: pemList(tls.ca) }),
              requestCert: tls.requireClientCertificate ?? false,
              rejectUnauthorized: tls.requireClientCertificate ?? false,
            },
            listener,
          );
    // Generous keep-alive so clients' idle connections close first (no request races a close);
    // bounded header and request times so a slow-loris client cannot hold sockets forever.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = Math.max(30_000, 2 * this.#linkSettings.requestTimeoutMs);
    server.on('clientError', (_error, socket) => socket.destroy());
    server.on('tlsClientError', () => {
      this.#counters.rejected.unauthenticated++;
    });
    this.#server = server;
    const host = this.#options.listen?.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.listen?.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = server.address() as AddressInfo;
    this.#address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
    if (this.#state === 'starting') this.#state = 'started';
    this.#linkSettings.logger.info('http transport listening', {
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

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#handler = undefined;
    const server = this.#server;
    await Promise.all([
      this.#links.close(),
      server === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
    ]);
  }

  #inboundContext(): InboundContext {
    const options = this.#options;
    return {
      nodeId: this.nodeId,
      clusterId: options.clusterId ?? '',
      verifier: this.#verifier,
      acceptUnknownSenders: options.acceptUnknownSenders ?? false,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
      decodeLimits: {},
      counters: this.#counters,
      logger: this.#linkSettings.logger,
      isKnownPeer: (nodeId) => this.#links.has(nodeId),
      isOpen: () => this.#state !== 'closed' && this.#handler !== undefined,
      deliver: (message) => deliverToHandler(this.#handler, message, this.#linkSettings, 'http transport'),
    };
  }
}

function pem(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value);
}

function pemList(value: string | Uint8Array | readonly (string | Uint8Array)[]): (string | Buffer)[] {
  return (Array.isArray(value) ? value : [value]).map((item: string | Uint8Array) => pem(item));
}
