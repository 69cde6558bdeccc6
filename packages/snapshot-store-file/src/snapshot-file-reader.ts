import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import type { SnapshotMetadata } from '@raft/core';
import { FileSnapshotCorruptionError } from './errors/file-snapshot-corruption-error.js';
import {
  FIXED_TRAILER_BYTES,
  HASH_BYTES,
  HEADER_MAGIC,
  type ParsedTail,
  parseMetadata,
  parseTail,
} from './snapshot-file-format.js';

/** A snapshot file's trailer, read and checked (the payload is not read). */
export interface SnapshotFileInfo extends ParsedTail {
  readonly metadata: SnapshotMetadata;
}

/** Reads exactly `length` bytes at `position`, or throws a corruption error for a short file. */
async function readExactly(
  handle: FileHandle,
  file: string,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new FileSnapshotCorruptionError(file, 'the file ends early');
    done += bytesRead;
  }
  return buffer;
}

/**
 * Reads and checks the header and trailer of the snapshot file `file` (cheap: no payload read).
 * Throws a {@link FileSnapshotCorruptionError} for a file that is incomplete or malformed.
 */
export async function readSnapshotInfo(file: string): Promise<SnapshotFileInfo> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < HEADER_MAGIC.byteLength + FIXED_TRAILER_BYTES) {
      throw new FileSnapshotCorruptionError(file, `the file is ${size} bytes: truncated`);
    }
    const header = await readExactly(handle, file, 0, HEADER_MAGIC.byteLength);
    if (!header.equals(HEADER_MAGIC))
      throw new FileSnapshotCorruptionError(file, 'not a snapshot file (bad magic)');
    const tail = parseTail(
      await readExactly(handle, file, size - FIXED_TRAILER_BYTES, FIXED_TRAILER_BYTES),
      size,
    );
    if (typeof tail === 'string') throw new FileSnapshotCorruptionError(file, tail);
    const json = await readExactly(
      handle,
      file,
      HEADER_MAGIC.byteLength + tail.payloadBytes,
      tail.metadataBytes,
    );
    const metadata = parseMetadata(json, tail.payloadBytes);
    if (typeof metadata === 'string') throw new FileSnapshotCorruptionError(file, metadata);
    return { ...tail, metadata };
  } finally {
    await handle.close();
  }
}

/**
 * Streams the payload of a checked snapshot file in chunks of `chunkBytes`, hashing everything the
 * SHA-256 covers on the way; throws a {@link FileSnapshotCorruptionError} (after the last chunk)
 * if the hash does not match `info.hash`. `onOpen` lets a caller map a missing file.
 */
export async function* streamSnapshotPayload(
  file: string,
  info: ParsedTail,
  chunkBytes: number,
  yieldChunks: boolean,
): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const hash = createHash('sha256');
    hash.update(HEADER_MAGIC);
    let position = HEADER_MAGIC.byteLength;
    const payloadEnd = position + info.payloadBytes;
    while (position < payloadEnd) {
      const length = Math.min(chunkBytes, payloadEnd - position);
      const chunk = await readExactly(handle, file, position, length);
      hash.update(chunk);
      position += length;
      if (yieldChunks) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    // The metadata and the two lengths are covered by the hash too.
    hash.update(await readExactly(handle, file, position, info.metadataBytes + 12));
    const actual = hash.digest();
    if (actual.byteLength !== HASH_BYTES || !actual.equals(info.hash)) {
      throw new FileSnapshotCorruptionError(
        file,
        'SHA-256 mismatch: the contents changed after they were written',
      );
    }
  } finally {
    await handle.close();
  }
}

/** Reads the whole file once to check its SHA-256; throws a {@link FileSnapshotCorruptionError} if it does not match. */
export async function verifySnapshotFile(file: string, info: ParsedTail, chunkBytes: number): Promise<void> {
  for await (const _ of streamSnapshotPayload(file, info, chunkBytes, false)) {
    // Nothing is yielded when verifying.
  }
}
