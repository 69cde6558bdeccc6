import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
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
import type { HttpTransportOptions } from './http-transport-options.js';
import { HttpTransportCounters, type HttpTransportStats } from './http-transport-stats.js';
import { handleInboundRequest, type InboundContext } from './inbound-request.js';
import { PeerLink, type PeerLinkSettings } from './peer-link.js';

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
 * at `POST /raft/v1/messages`, and an undici keep-alive client per peer sends them, one request at
 * a time per peer so order is kept, batching whatever queued meanwhile.
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
  readonly #logger: Logger;
  readonly #counters = new HttpTransportCounters();
  readonly #linkSettings: PeerLinkSettings;
  readonly #verifier: AuthTokenVerifier | undefined;
  #state: State = 'created';
  #handler: MessageHandler | undefined;
  #server: Server | undefined;
  #address = '';
  #peers: ReadonlyMap<string, string> = new Map();
  readonly #links = new Map<string, PeerLink>();

  constructor(options: HttpTransportOptions) {
    validateOptions(options);
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    const clusterId = options.clusterId ?? '';
    this.#verifier =
      options.clusterSecret === undefined
        ? undefined
        : new AuthTokenVerifier(options.clusterSecret, clusterId);
    this.#linkSettings = {
      nodeId: options.nodeId,
      clusterId,
      authToken:
        options.clusterSecret === undefined
          ? undefined
          : deriveAuthToken(options.clusterSecret, clusterId, options.nodeId),
      tls: options.tls,
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      connectTimeoutMs: options.connectTimeoutMs ?? 2000,
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
    this.#logger.info('http transport listening', { nodeId: this.nodeId, address: this.#address });
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

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#handler = undefined;
    const links = [...this.#links.values()];
    this.#links.clear();
    const server = this.#server;
    await Promise.all([
      ...links.map((link) => link.close()),
      server === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
    ]);
  }

  #link(peerId: string): PeerLink | undefined {
    const existing = this.#links.get(peerId);
    if (existing !== undefined) return existing;
    const address = this.#peers.get(peerId);
    if (address === undefined) return undefined;
    let link: PeerLink;
    try {
      link = new PeerLink(peerId, address, this.#linkSettings);
    } catch (error) {
      this.#logger.warn('http transport: bad peer address', { peerId, address, error });
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
      verifier: this.#verifier,
      acceptUnknownSenders: options.acceptUnknownSenders ?? false,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
      decodeLimits: {},
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
          this.#logger.error('http transport: message handler threw', { error, type: message.type });
        }
      },
    };
  }
}

function pem(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value);
}

function pemList(value: string | Uint8Array | readonly (string | Uint8Array)[]): (string | Buffer)[] {
  return (Array.isArray(value) ? value : [value]).map((item: string | Uint8Array) => pem(item));
}

function validateOptions(options: HttpTransportOptions): void {
  if (typeof options.nodeId !== 'string' || options.nodeId === '') {
    throw new ConfigError('nodeId', 'must be a non-empty string');
  }
  const positive = [
    'requestTimeoutMs',
    'connectTimeoutMs',
    'maxBodyBytes',
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
