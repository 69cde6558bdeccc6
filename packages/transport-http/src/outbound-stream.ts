import { Readable } from 'node:stream';
import type { Client, Dispatcher } from 'undici';
import { PeerRejectedError } from './errors/peer-rejected-error.js';
import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES, writeFrameHeader } from './frames.js';
import { ERROR_HEADER, STREAM_PATH } from './wire-protocol.js';

/**
 * How many bytes a stream buffers while its connection is congested (or while it waits behind the
 * previous stream's answer) before `write` asks the caller to wait: the rest waits, batched, in
 * the link's queue.
 */
const BUFFERED_BYTES = 64 * 1024;

/** Envelopes up to this size are copied behind their frame header, so a frame is one socket write. */
const COPY_LIMIT_BYTES = 64 * 1024;

/**
 * One streamed request to a peer (`POST /raft/v1/stream`): its body is the frames written, sent
 * as they come, on the link's one connection. The stream fails when the peer answers with an
 * error status, answers before the stream ended, or the request fails (connect, TLS, reset, the
 * response deadline after the body ended); `onFailure` is told once.
 */
export class OutboundStream {
  readonly #peerId: string;
  readonly #body: Readable;
  readonly #started: Promise<void>;
  readonly #onFailure: (stream: OutboundStream, error: Error) => void;
  #resolveStarted: (() => void) | undefined;
  #rejectStarted: ((error: Error) => void) | undefined;
  #drainWaiter: { resolve(): void; reject(error: Error): void } | undefined;
  #failure: Error | undefined;
  #ended = false;
  /** Set once the peer answered or the request failed: nothing more can happen to the stream. */
  #settled = false;
  #answerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    client: Client,
    peerId: string,
    headers: Record<string, string>,
    onFailure: (stream: OutboundStream, error: Error) => void,
  ) {
    this.#peerId = peerId;
    this.#onFailure = onFailure;
    this.#body = new Readable({ highWaterMark: BUFFERED_BYTES, read: () => this.#onRead() });
    // undici destroys the body with the request's error; that error reaches us through the handler.
    this.#body.on('error', () => {});
    this.#started = new Promise<void>((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    // Handled by whoever awaits it; never an unhandled rejection if nobody does.
    this.#started.catch(() => {});
    client.dispatch({ method: 'POST', path: STREAM_PATH, headers, body: this.#body }, this.#handler());
  }

  /** The error that ended the stream, if it failed. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Resolves once the request is on a connection (after the previous stream on it was answered);
   * rejects if the stream fails first (connection refused, TLS or connect timeout).
   */
  started(): Promise<void> {
    return this.#started;
  }

  /**
   * Writes one envelope as a frame. Returns false when the stream has buffered enough: wait for
   * {@link drained} before writing more.
   */
  write(envelope: Uint8Array): boolean {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#ended) throw new Error('http transport: write after the stream ended');
    const length = envelope.byteLength;
    if (length > MAX_FRAME_BYTES) throw new RangeError(`envelope of ${length} bytes exceeds a frame`);
    if (length <= COPY_LIMIT_BYTES) {
      const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
      writeFrameHeader(frame, 0, length);
      frame.set(envelope, FRAME_HEADER_BYTES);
      return this.#body.push(frame);
    }
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    writeFrameHeader(header, 0, length);
    this.#body.push(header);
    return this.#body.push(envelope);
  }

  /**
   * Resolves when the stream wants more; if it does not within `timeoutMs` (the peer stopped
   * reading), the stream fails and this rejects.
   */
  drained(timeoutMs: number): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(new Error(`http transport: peer "${this.#peerId}" stopped reading for ${timeoutMs} ms`));
      }, timeoutMs);
      this.#drainWaiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /**
   * Ends the body: the peer answers once it has read every frame. If that answer has not come
   * within `answerTimeoutMs` (the peer stopped reading, so the rest of the body cannot even be
   * sent), the request is aborted and its connection closed: the next stream, which waits for
   * this one's answer, then starts on a new connection.
   */
  end(answerTimeoutMs: number): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#failure !== undefined) return;
    this.#body.push(null);
    this.#answerTimer = setTimeout(() => {
      this.#fail(
        new Error(
          `http transport: peer "${this.#peerId}" did not answer a stream within ${answerTimeoutMs} ms`,
        ),
      );
    }, answerTimeoutMs);
    this.#answerTimer.unref?.();
  }

  /** Abandons the stream (frames not yet sent are lost); it does not count as a failure. */
  destroy(): void {
    this.#ended = true;
    this.#failure ??= new Error('http transport: stream closed');
    this.#settle(this.#failure);
    this.#body.destroy();
  }

  #onRead(): void {
    const waiter = this.#drainWaiter;
    this.#drainWaiter = undefined;
    waiter?.resolve();
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined || this.#settled) return;
    this.#failure = error;
    this.#settle(error);
    this.#body.destroy();
    this.#onFailure(this, error);
  }

  /** Settles whoever waits on this stream with `error`. */
  #settle(error: Error): void {
    this.#settled = true;
    if (this.#answerTimer !== undefined) clearTimeout(this.#answerTimer);
    this.#answerTimer = undefined;
    this.#rejectStarted?.(error);
    this.#resolveStarted = undefined;
    this.#rejectStarted = undefined;
    const waiter = this.#drainWaiter;
    this.#drainWaiter = undefined;
    waiter?.reject(error);
  }

  #handler(): Dispatcher.DispatchHandler {
    return {
      onRequestStart: () => {
        this.#resolveStarted?.();
        this.#resolveStarted = undefined;
        this.#rejectStarted = undefined;
      },
      onResponseStart: (_controller, statusCode, headers) => {
        if (statusCode >= 200 && statusCode < 300 && this.#ended) {
          // Answered as it should be; nothing waits on an ended stream any more.
          this.#settle(new Error('http transport: stream ended'));
          return;
        }
        const code = headers[ERROR_HEADER];
        const reason = statusCode < 300 ? 'answered before the stream ended' : 'unknown';
        this.#fail(new PeerRejectedError(this.#peerId, statusCode, typeof code === 'string' ? code : reason));
      },
      onResponseData: () => {},
      onResponseEnd: () => {},
      onResponseError: (_controller, error) => this.#fail(error),
    };
  }
}
