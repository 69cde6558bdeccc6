import type { Membership, SnapshotMetadata } from '@raft/core';

/**
 * A snapshot file:
 *
 * ```
 * "RAFTSNP1"              8 bytes, identifies the format
 * payload                 the state machine's bytes, as written
 * metadata                UTF-8 JSON: id, lastIncludedIndex, lastIncludedTerm, membership, sizeBytes
 * metadata length         u32 LE
 * payload length          u64 LE
 * SHA-256                 32 bytes, of every byte before it
 * "RAFTSNPE"              8 bytes: the file is complete
 * ```
 *
 * The metadata sits at the end because the payload size is known only at commit. A file without
 * the closing magic, of the wrong length, or whose hash does not match is corrupt.
 */
export const HEADER_MAGIC = Buffer.from('RAFTSNP1', 'latin1');
export const TRAILER_MAGIC = Buffer.from('RAFTSNPE', 'latin1');
export const HASH_BYTES = 32;
/** Metadata length, payload length, hash, closing magic. */
export const FIXED_TRAILER_BYTES = 4 + 8 + HASH_BYTES + 8;

/** Encodes the part of the trailer that the hash covers: metadata and the two lengths. */
export function encodeTrailerBody(metadata: SnapshotMetadata): Buffer {
  const json = Buffer.from(
    JSON.stringify({
      id: metadata.id,
      lastIncludedIndex: metadata.lastIncludedIndex,
      lastIncludedTerm: metadata.lastIncludedTerm,
      membership: metadata.membership,
      sizeBytes: metadata.sizeBytes,
    }),
    'utf8',
  );
  const lengths = Buffer.alloc(12);
  lengths.writeUInt32LE(json.byteLength, 0);
  lengths.writeBigUInt64LE(BigInt(metadata.sizeBytes), 4);
  return Buffer.concat([json, lengths]);
}

/** What the fixed-size tail of a file says. */
export interface ParsedTail {
  readonly metadataBytes: number;
  readonly payloadBytes: number;
  readonly hash: Buffer;
}

/** Parses the fixed tail (the last {@link FIXED_TRAILER_BYTES} bytes); a reason string if it is malformed. */
export function parseTail(tail: Buffer, fileBytes: number): ParsedTail | string {
  if (!tail.subarray(tail.byteLength - 8).equals(TRAILER_MAGIC))
    return 'no closing magic: incomplete or damaged';
  const metadataBytes = tail.readUInt32LE(0);
  const payloadBytes = Number(tail.readBigUInt64LE(4));
  const expected = HEADER_MAGIC.byteLength + payloadBytes + metadataBytes + FIXED_TRAILER_BYTES;
  if (expected !== fileBytes) return `lengths say ${expected} bytes, the file has ${fileBytes}`;
  return { metadataBytes, payloadBytes, hash: Buffer.from(tail.subarray(12, 12 + HASH_BYTES)) };
}

/** Parses and checks the metadata JSON; a reason string if it is malformed. */
export function parseMetadata(json: Buffer, payloadBytes: number): SnapshotMetadata | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch {
    return 'metadata is not valid JSON';
  }
  const value = raw as Partial<Record<keyof SnapshotMetadata, unknown>>;
  if (
    typeof value.id !== 'string' ||
    !Number.isSafeInteger(value.lastIncludedIndex) ||
    !Number.isSafeInteger(value.lastIncludedTerm) ||
    value.sizeBytes !== payloadBytes ||
    !isMembership(value.membership)
  ) {
    return 'metadata is malformed';
  }
  return Object.freeze({
    id: value.id,
    lastIncludedIndex: value.lastIncludedIndex as number,
    lastIncludedTerm: value.lastIncludedTerm as number,
    membership: value.membership,
    sizeBytes: payloadBytes,
  });
}

function isMembership(value: unknown): value is Membership {
  if (typeof value !== 'object' || value === null) return false;
  const members = (value as { members?: unknown }).members;
  return (
    Array.isArray(members) &&
    members.every(
      (member: unknown) =>
        typeof member === 'object' &&
        member !== null &&
        typeof (member as { id?: unknown }).id === 'string' &&
        typeof (member as { address?: unknown }).address === 'string' &&
        typeof (member as { voter?: unknown }).voter === 'boolean',
    )
  );
}

/** The file name of the snapshot with this id. */
export function snapshotFileName(id: string): string {
  return `snapshot-${id}.snap`;
}

/** The id in a snapshot file name, or `undefined` for other files. */
export function idFromFileName(name: string): string | undefined {
  const match = /^snapshot-(\d+-\d+-\d+)\.snap$/.exec(name);
  return match?.[1];
}

/** The commit sequence number inside an id (`term-index-sequence`). */
export function sequenceOf(id: string): number {
  return Number(id.split('-')[2] ?? 0);
}
