import type { Message } from '@raft/core';
import {
  encodeMessages,
  type OutboundLinkSettings,
  type OutboundQueue,
  outboundQueueForPeer,
} from '@raft/wire';
import { Client } from 'undici';
import { PeerRejectedError } from './errors/peer-rejected-error.js';
import type { HttpTlsOptions } from './http-transport-options.js';
import { peerOrigin } from './peer-address.js';
import { AUTH_HEADER, CONTENT_TYPE, ERROR_HEADER, MESSAGES_PATH, SENDER_HEADER } from './wire-protocol.js';

/** What every peer link of one transport shares. */
export interface PeerLinkSettings extends OutboundLinkSettings {
  readonly tls: HttpTlsOptions | undefined;
  readonly requestTimeoutMs: number;
}

/**
 * The link to one peer: an outbound queue drained into one undici `Client` (one keep-alive
 * connection, one request in flight), so batches arrive in the order they were sent.
 */
export class PeerLink {
  readonly address: string;
  readonly #peerId: string;
  readonly #client: Client;
  readonly #queue: OutboundQueue;
  readonly #headers: Record<string, string>;
  readonly #settings: PeerLinkSettings;

  constructor(peerId: string, address: string, settings: PeerLinkSettings) {
    this.#peerId = peerId;
    this.address = address;
    this.#settings = settings;
    const tls = settings.tls;
    this.#client = new Client(peerOrigin(address, tls !== undefined), {
      connect: {
        timeout: settings.connectTimeoutMs,
        ...(tls === undefined
          ? {}
          : {
              cert: tls.cert,
              key: tls.key,
              ...(tls.ca === undefined ? {} : { ca: tls.ca }),
              ...(tls.serverName === undefined ? {} : { servername: tls.serverName }),
              rejectUnauthorized: true,
            }),
      } as NonNullable<Client.Options['connect']>,
      headersTimeout: settings.requestTimeoutMs,
      bodyTimeout: settings.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    // A dropped connection surfaces as a failed request; the client itself must never throw.
    this.#client.on('connectionError', () => {});
    this.#headers = {
      'content-type': CONTENT_TYPE,
      [SENDER_HEADER]: settings.nodeId,
      ...(settings.authToken === undefined ? {} : { [AUTH_HEADER]: settings.authToken }),
    };
    this.#queue = outboundQueueForPeer(peerId, settings, 'http transport: batch to peer failed', (messages) =>
      this.#deliver(messages),
    );
  }

  push(message: Message): void {
    this.#queue.push(message);
  }

  async close(): Promise<void> {
    this.#queue.close();
    await this.#client.destroy().catch(() => {});
  }

  async #deliver(messages: readonly Message[]): Promise<void> {
    const body = encodeMessages(messages, {
      senderId: this.#settings.nodeId,
      clusterId: this.#settings.clusterId,
    });
    const response = await this.#client.request({
      method: 'POST',
      path: MESSAGES_PATH,
      headers: this.#headers,
      body,
    });
    await response.body.dump();
    if (response.statusCode >= 300) {
      const code = response.headers[ERROR_HEADER];
      throw new PeerRejectedError(
        this.#peerId,
        response.statusCode,
        typeof code === 'string' ? code : 'unknown',
      );
    }
    this.#settings.counters.batchesDelivered++;
    this.#settings.counters.messagesDelivered += messages.length;
  }
}
