/** One piece of a snapshot payload as it goes on the wire. */
export interface PayloadChunk {
  readonly data: Uint8Array;
  /** Whether this is the payload's last chunk (the one that carries the checksum). */
  readonly last: boolean;
}

/**
 * Re-cuts a snapshot stream into chunks of exactly `chunkBytes` (the last may be shorter), and
 * marks the last one. The state machine and the store chunk their streams however suits them;
 * the wire wants a fixed size (config `snapshotChunkBytes`) so that the sender's window bounds the
 * bytes in flight. Holds one chunk back to know which is last. An empty payload yields one empty
 * last chunk, so even an empty snapshot has a chunk to carry its checksum.
 */
export async function* rechunk(
  source: AsyncIterable<Uint8Array>,
  chunkBytes: number,
): AsyncGenerator<PayloadChunk, void, undefined> {
  let buffer = new Uint8Array(chunkBytes);
  let filled = 0;
  let held: Uint8Array | undefined;
  for await (const piece of source) {
    let position = 0;
    while (position < piece.byteLength) {
      const take = Math.min(chunkBytes - filled, piece.byteLength - position);
      buffer.set(piece.subarray(position, position + take), filled);
      filled += take;
      position += take;
      if (filled === chunkBytes) {
        if (held !== undefined) yield { data: held, last: false };
        held = buffer;
        buffer = new Uint8Array(chunkBytes);
        filled = 0;
      }
    }
  }
  if (filled === 0) {
    yield { data: held ?? new Uint8Array(0), last: true };
    return;
  }
  if (held !== undefined) yield { data: held, last: false };
  yield { data: buffer.subarray(0, filled), last: true };
}
