import type { Message } from '@raft/core';
import {
  encodeMessages,
  type OutboundLinkSettings,
  type OutboundQueue,
  outboundQueueForPeer,
} from '@raft/wire';
import { Client } from 'undici';
import type { HttpTlsOptions } from './http-transport-options.js';
import { OutboundStream } from './outbound-stream.js';
import { peerOrigin } from './peer-address.js';
import { AUTH_HEADER, SENDER_HEADER, STREAM_CONTENT_TYPE } from './wire-protocol.js';

/** What every peer link of one transport shares. */
export interface PeerLinkSettings extends OutboundLinkSettings {
  readonly tls: HttpTlsOptions | undefined;
  readonly requestTimeoutMs: number;
  /** How long one stream lasts, in ms; {@link STREAM_MAX_AGE_MS} (tests shorten it). */
  readonly streamMaxAgeMs: number;
}

/**
 * How long one stream lasts before the link ends it and opens the next (on the same connection),
 * in ms. Well below the server's request deadline (at least 30 s); and the peer answers each
 * ending, so one that stopped answering is noticed within `requestTimeoutMs` of it.
 */
export const STREAM_MAX_AGE_MS = 5000;

/**
 * The link to one peer: an outbound queue drained into a stream of frames (`POST
 * /raft/v1/stream`) on one undici keep-alive connection. One connection and one request at a time
 * (the next stream starts only once the previous one was answered), so batches arrive in the order
 * they were sent. A stream that fails loses what it carried; the next batch reports the failure
 * (it is dropped and the link backs off) and the one after opens a new stream. A stream is ended
 * and replaced every `streamMaxAgeMs`; the peer must answer each ending within `requestTimeoutMs`
 * or the connection is closed and that too counts as a failure.
 */
export class PeerLink {
  readonly address: string;
  readonly #peerId: string;
  readonly #client: Client;
  readonly #queue: OutboundQueue;
  readonly #headers: Record<string, string>;
  readonly #settings: PeerLinkSettings;
  #stream: OutboundStream | undefined;
  #streamTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the current stream failed, reported by the next delivery (which then backs off). */
  #streamError: Error | undefined;

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
      // The deadline of the answer to an ended stream; the body itself may take as long as it lasts.
      headersTimeout: settings.requestTimeoutMs,
      bodyTimeout: settings.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    // A dropped connection surfaces as a failed stream; the client itself must never throw.
    this.#client.on('connectionError', () => {});
    this.#headers = {
      'content-type': STREAM_CONTENT_TYPE,
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
    this.#endStream()?.destroy();
    await this.#client.destroy().catch(() => {});
  }

  async #deliver(messages: readonly Message[]): Promise<void> {
    const failure = this.#streamError;
    if (failure !== undefined) {
      this.#streamError = undefined;
      throw failure;
    }
    const envelope = encodeMessages(messages, {
      senderId: this.#settings.nodeId,
      clusterId: this.#settings.clusterId,
    });
    try {
      let stream = this.#stream;
      if (stream === undefined) {
        stream = this.#openStream();
        await stream.started();
        // Its age counts from now: a stream waiting to start is never ended under its first write.
        this.#streamTimer = setTimeout(
          () => this.#endStream()?.end(this.#settings.requestTimeoutMs),
          this.#settings.streamMaxAgeMs,
        );
        this.#streamTimer.unref?.();
      }
      const ready = stream.write(envelope);
      this.#settings.counters.batchesDelivered++;
      this.#settings.counters.messagesDelivered += messages.length;
      if (!ready) await stream.drained(this.#settings.requestTimeoutMs);
    } catch (error) {
      // Reported here: the next delivery need not report a failure again.
      this.#streamError = undefined;
      throw error;
    }
  }

  #openStream(): OutboundStream {
    const stream = new OutboundStream(this.#client, this.#peerId, this.#headers, (failed, error) => {
      if (failed === this.#stream) this.#endStream();
      // An ended stream failing (not answered in time, refused) is a failure of the link too,
      // though the stream after it, on a new connection, carries on.
      this.#streamError ??= error;
    });
    this.#stream = stream;
    return stream;
  }

  /** Detaches the current stream (the next delivery opens a new one) and returns it. */
  #endStream(): OutboundStream | undefined {
    const stream = this.#stream;
    this.#stream = undefined;
    if (this.#streamTimer !== undefined) clearTimeout(this.#streamTimer);
    this.#streamTimer = undefined;
    return stream;
  }
}
