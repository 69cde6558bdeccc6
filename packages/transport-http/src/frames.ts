/**
 * The framing of the stream endpoint: each envelope is preceded by its length in bytes, a 4-byte
 * big-endian unsigned integer. The HTTP body is a byte stream (its chunk boundaries mean nothing
 * to a server), so the frames carry their own boundaries.
 */
export const FRAME_HEADER_BYTES = 4;

/** The largest frame the 4-byte length can announce. */
export const MAX_FRAME_BYTES = 0xffffffff;

/** Writes the header of a frame of `length` bytes into `target` at `offset`. */
export function writeFrameHeader(target: Uint8Array, offset: number, length: number): void {
  target[offset] = length >>> 24;
  target[offset + 1] = (length >>> 16) & 0xff;
  target[offset + 2] = (length >>> 8) & 0xff;
  target[offset + 3] = length & 0xff;
}

/** Why a {@link FrameReader} gave up on a stream. */
export interface FrameError {
  readonly reason: 'tooLarge';
  readonly detail: string;
}

/**
 * Splits a byte stream into frames. A frame that lies within one chunk is handed over as a view of
 * that chunk (no copy); a frame spread over several chunks is copied once, when its last byte
 * arrives (never re-copied per chunk, so a large frame costs O(size)). A frame announcing more
 * than `maxFrameBytes` is refused before anything of it is buffered.
 */
export class FrameReader {
  readonly #maxFrameBytes: number;
  /** Chunks of an incomplete frame (header included), oldest first. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** The length of the frame being collected, or -1 while its header is incomplete. */
  #frameBytes = -1;

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received that do not yet make a whole frame: non-zero when a stream ends mid-frame. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Feeds the next chunk of the stream. `onFrame` is called for each frame completed, in order;
   * when it returns false, reading stops (the rest of the stream will not be read). Returns the
   * reason the stream must be refused, if any.
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => boolean): FrameError | undefined {
    let offset = 0;
    if (this.#pendingBytes > 0) {
      const completed = this.#complete(chunk);
      if (completed === undefined) return undefined;
      if ('reason' in completed) return completed;
      if (!onFrame(completed.frame)) return undefined;
      offset = completed.used;
    }
    // The fast path: whole frames inside this chunk, handed over as views.
    while (chunk.byteLength - offset >= FRAME_HEADER_BYTES) {
      const length = readFrameHeader(chunk, offset);
      if (length > this.#maxFrameBytes) return this.#tooLarge(length);
      const end = offset + FRAME_HEADER_BYTES + length;
      if (end > chunk.byteLength) break;
      const frame = chunk.subarray(offset + FRAME_HEADER_BYTES, end);
      offset = end;
      if (!onFrame(frame)) return undefined;
    }
    if (offset < chunk.byteLength) {
      const rest = chunk.subarray(offset);
      this.#pending.push(rest);
      this.#pendingBytes = rest.byteLength;
      this.#frameBytes = rest.byteLength >= FRAME_HEADER_BYTES ? readFrameHeader(rest, 0) : -1;
    }
    return undefined;
  }

  /**
   * Adds `chunk` to the incomplete frame. Returns the frame and how many bytes of `chunk` it used
   * once complete, undefined while it is still incomplete (all of `chunk` was taken), or an error.
   */
  #complete(chunk: Uint8Array): { frame: Uint8Array; used: number } | FrameError | undefined {
    if (this.#frameBytes < 0) {
      // The header itself is split: it is under 4 bytes, so joining it with the chunk's first
      // bytes is cheap.
      const missing = FRAME_HEADER_BYTES - this.#pendingBytes;
      if (chunk.byteLength < missing) {
        this.#pending.push(chunk);
        this.#pendingBytes += chunk.byteLength;
        return undefined;
      }
      const header = new Uint8Array(FRAME_HEADER_BYTES);
      let at = 0;
      for (const piece of this.#pending) {
        header.set(piece, at);
        at += piece.byteLength;
      }
      header.set(chunk.subarray(0, missing), at);
      this.#frameBytes = readFrameHeader(header, 0);
    }
    if (this.#frameBytes > this.#maxFrameBytes) return this.#tooLarge(this.#frameBytes);
    const total = FRAME_HEADER_BYTES + this.#frameBytes;
    const needed = total - this.#pendingBytes;
    if (chunk.byteLength < needed) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.byteLength;
      return undefined;
    }
    // Copy the frame's bytes (after its header) out of the pending chunks and this one.
    const frame = new Uint8Array(this.#frameBytes);
    let skip = FRAME_HEADER_BYTES;
    let at = 0;
    for (const piece of [...this.#pending, chunk.subarray(0, needed)]) {
      const from = Math.min(skip, piece.byteLength);
      skip -= from;
      frame.set(piece.subarray(from), at);
      at += piece.byteLength - from;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#frameBytes = -1;
    return { frame, used: needed };
  }

  #tooLarge(length: number): FrameError {
    this.#pending = [];
    this.#pendingBytes = 0;
    return { reason: 'tooLarge', detail: `frame of ${length} bytes over ${this.#maxFrameBytes}` };
  }
}

function readFrameHeader(bytes: Uint8Array, offset: number): number {
  return (
    bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!)
  );
}
