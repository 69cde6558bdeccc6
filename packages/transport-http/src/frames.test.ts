import { createSeededRandom } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, FrameReader, writeFrameHeader } from './frames.js';

function framed(payloads: readonly Uint8Array[]): Uint8Array {
  const total = payloads.reduce((sum, payload) => sum + FRAME_HEADER_BYTES + payload.byteLength, 0);
  const stream = new Uint8Array(total);
  let offset = 0;
  for (const payload of payloads) {
    writeFrameHeader(stream, offset, payload.byteLength);
    stream.set(payload, offset + FRAME_HEADER_BYTES);
    offset += FRAME_HEADER_BYTES + payload.byteLength;
  }
  return stream;
}

/** Cuts `stream` at random points (chunks of 1 byte up to `maxChunk`). */
function chunked(stream: Uint8Array, random: () => number, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < stream.byteLength; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(stream.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

describe('FrameReader', () => {
  it('reassembles every frame, in order, however the stream is cut (seeded, 300 streams)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = createSeededRandom(seed);
      const payloads = Array.from({ length: 1 + Math.floor(random() * 20) }, (_, index) =>
        new Uint8Array(Math.floor(random() ** 3 * 3000)).fill(index),
      );
      const reader = new FrameReader(4096);
      const frames: Uint8Array[] = [];
      const errors: unknown[] = [];
      for (const chunk of chunked(framed(payloads), random, 1 + Math.floor(random() * 5000))) {
        const error = reader.push(chunk, (frame) => frames.push(frame.slice()) > 0);
        if (error !== undefined) errors.push(error);
      }
      expect(errors, `seed ${seed}`).toEqual([]);
      expect(frames.length, `seed ${seed}`).toBe(payloads.length);
      // Compared as bytes: vitest's deep equality is slow on long typed arrays.
      const same = frames.every((frame, index) => Buffer.from(frame).equals(payloads[index]!));
      expect(same, `seed ${seed}`).toBe(true);
      expect(reader.pendingBytes, `seed ${seed}`).toBe(0);
    }
  });

  it('hands a frame that lies within one chunk over as a view of it, without copying', () => {
    const chunk = framed([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    const frames: Uint8Array[] = [];
    new FrameReader(16).push(chunk, (frame) => frames.push(frame) > 0);
    expect(frames.map((frame) => frame.buffer)).toEqual([chunk.buffer, chunk.buffer]);
    expect(frames.map((frame) => [...frame])).toEqual([[1, 2, 3], [4]]);
  });

  it('refuses a frame announcing more than the limit before buffering it, header split or not', () => {
    const oversized = new Uint8Array(FRAME_HEADER_BYTES);
    writeFrameHeader(oversized, 0, 0xffffffff);
    expect(new FrameReader(1024).push(oversized, () => true)).toMatchObject({ reason: 'tooLarge' });
    const split = new FrameReader(1024);
    expect(split.push(oversized.subarray(0, 3), () => true)).toBeUndefined();
    expect(split.push(oversized.subarray(3), () => true)).toMatchObject({ reason: 'tooLarge' });
    // A frame of exactly the limit is fine.
    const atLimit = framed([new Uint8Array(1024)]);
    let delivered = 0;
    expect(new FrameReader(1024).push(atLimit, () => ++delivered > 0)).toBeUndefined();
    expect(delivered).toBe(1);
  });

  it('stops reading when the frame handler says so', () => {
    const reader = new FrameReader(16);
    const seen: number[] = [];
    reader.push(framed([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]), (frame) => {
      seen.push(frame[0]!);
      return frame[0] !== 2;
    });
    expect(seen).toEqual([1, 2]);
  });

  it('reports bytes left over when a stream ends inside a frame', () => {
    const reader = new FrameReader(16);
    reader.push(framed([Uint8Array.of(1, 2, 3)]).subarray(0, 5), () => true);
    expect(reader.pendingBytes).toBe(5);
  });
});
