import {
  type ChannelOptions,
  Client,
  type ClientWritableStream,
  credentials,
  Metadata,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import type { Message } from '@raft/core';
import {
  encodeMessages,
  type OutboundLinkSettings,
  type OutboundQueue,
  outboundQueueForPeer,
} from '@raft/wire';
import { PeerStreamError } from './errors/peer-stream-error.js';
import { AUTH_METADATA, SEND_PATH, SENDER_METADATA, serializeBytes } from './grpc-service.js';
import type { GrpcTlsOptions } from './grpc-transport-options.js';

/** What every peer link of one transport shares. */
export interface PeerLinkSettings extends OutboundLinkSettings {
  readonly tls: GrpcTlsOptions | undefined;
  readonly writeTimeoutMs: number;
  readonly channelOptions: ChannelOptions;
}

/**
 * The link to one peer: an outbound queue drained into one long-lived client stream. Frames on
 * one stream arrive in order; a failed stream is replaced (after back-off) by a new one, and
 * writes respect the stream's back-pressure up to `writeTimeoutMs`.
 */
export class PeerStreamLink {
  readonly address: string;
  readonly #peerId: string;
  readonly #settings: PeerLinkSettings;
  readonly #client: Client;
  readonly #queue: OutboundQueue;
  #stream: ClientWritableStream<Uint8Array> | undefined;
  /** The error that ended the last stream, reported by the next delivery (which then backs off). */
  #streamError: Error | undefined;
  #closed = false;

  constructor(peerId: string, address: string, settings: PeerLinkSettings) {
    this.#peerId = peerId;
    this.address = address;
    this.#settings = settings;
    const tls = settings.tls;
    const channelCredentials =
      tls === undefined
        ? credentials.createInsecure()
        : credentials.createSsl(
            tls.ca === undefined ? null : Buffer.from(tls.ca),
            Buffer.from(tls.key),
            Buffer.from(tls.cert),
          );
    this.#client = new Client(address, channelCredentials, {
      ...settings.channelOptions,
      ...(tls?.serverName === undefined ? {} : { 'grpc.ssl_target_name_override': tls.serverName }),
    });
    this.#queue = outboundQueueForPeer(
      peerId,
      settings,
      'grpc transport: stream to peer failed',
      (messages) => this.#deliver(messages),
    );
  }

  push(message: Message): void {
    this.#queue.push(message);
  }

  /** Ends the stream (frames already written are flushed) and closes the channel. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.close();
    const stream = this.#stream;
    this.#stream = undefined;
    stream?.end();
    this.#client.close();
  }

  async #deliver(messages: readonly Message[]): Promise<void> {
    if (this.#streamError !== undefined) {
      const error = this.#streamError;
      this.#streamError = undefined;
      throw error;
    }
    const stream = this.#stream ?? (await this.#openStream());
    const frame = encodeMessages(messages, {
      senderId: this.#settings.nodeId,
      clusterId: this.#settings.clusterId,
    });
    const ready = stream.write(frame);
    this.#settings.counters.batchesDelivered++;
    this.#settings.counters.messagesDelivered += messages.length;
    if (!ready) await this.#drained(stream);
  }

  async #openStream(): Promise<ClientWritableStream<Uint8Array>> {
    await new Promise<void>((resolve, reject) => {
      this.#client.waitForReady(Date.now() + this.#settings.connectTimeoutMs, (error) => {
        if (error) reject(new PeerStreamError(this.#peerId, 'UNAVAILABLE', error.message));
        else resolve();
      });
    });
    if (this.#closed) throw new PeerStreamError(this.#peerId, 'CANCELLED', 'link closed');
    const metadata = new Metadata();
    metadata.set(SENDER_METADATA, this.#settings.nodeId);
    if (this.#settings.authToken !== undefined) metadata.set(AUTH_METADATA, this.#settings.authToken);
    const stream = this.#client.makeClientStreamRequest<Uint8Array, unknown>(
      SEND_PATH,
      serializeBytes,
      () => ({}),
      metadata,
      {},
      (error: ServiceError | null) => {
        if (this.#stream === stream) this.#stream = undefined;
        if (error !== null && !this.#closed) {
          this.#streamError = new PeerStreamError(
            this.#peerId,
            status[error.code] ?? String(error.code),
            error.details,
          );
        }
      },
    );
    stream.on('error', () => {
      // Reported through the callback above.
    });
    this.#stream = stream;
    return stream;
  }

  /** Waits for `drain`, or resets the stream after `writeTimeoutMs` (a stalled peer). */
  #drained(stream: ClientWritableStream<Uint8Array>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.off('drain', onDrain);
        if (this.#stream === stream) this.#stream = undefined;
        stream.cancel();
        reject(new PeerStreamError(this.#peerId, 'DEADLINE_EXCEEDED', 'the peer stopped reading'));
      }, this.#settings.writeTimeoutMs);
      const onDrain = (): void => {
        clearTimeout(timer);
        resolve();
      };
      stream.once('drain', onDrain);
    });
  }
}
