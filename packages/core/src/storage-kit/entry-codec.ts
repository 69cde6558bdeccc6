// The storage kit: helpers for authors of durable LogStores and StableStores (used by
// @raft/storage-sqlite and @raft/storage-lmdb). Pure functions over Node's built-ins: stable
// numeric entry types, CRC-32 checksums that bind an entry's payload to its index, term and type,
// a self-checking single-value record of an entry, and the validation of an append batch.
import { crc32 } from 'node:zlib';
import type { Entry, EntryType } from '../types/entry.js';

/** Entry types as stored numbers. Stable: changing a number is a format change. */
const TYPE_CODES: Readonly<Record<EntryType, number>> = { normal: 0, config: 1, noop: 2 };
const TYPES_BY_CODE: readonly EntryType[] = ['normal', 'config', 'noop'];

/** The stored number of an entry type. */
export function entryTypeCode(type: EntryType): number {
  return TYPE_CODES[type];
}

/** The entry type a stored number stands for, or `undefined` for a number no type has. */
export function entryTypeFromCode(code: number): EntryType | undefined {
  return TYPES_BY_CODE[code];
}

/** Folds a number below 2^53 into 32 bits (low and high words mixed with different odd constants). */
function mix(value: number, lowFactor: number, highFactor: number): number {
  return Math.imul(value >>> 0, lowFactor) ^ Math.imul(Math.floor(value / 0x1_0000_0000), highFactor);
}

/**
 * The CRC-32 of an entry's payload, seeded with its index, term and type: one pass over the bytes,
 * and a record that is intact but stored under another index (or with another term or type) fails,
 * because CRC-32 is linear in its initial value, so different seeds always give different results.
 */
export function entryChecksum(index: number, term: number, typeCode: number, data: Uint8Array): number {
  const seed =
    (mix(index, 0x9e3779b1, 0x85ebca6b) ^
      mix(term, 0xc2b2ae35, 0x27d4eb2f) ^
      Math.imul(typeCode + 1, 0x165667b1)) >>>
    0;
  // Skip an empty payload: node's crc32 returns 0 (ignoring the initial value) for the zero-length
  // Buffers some bindings hand back for empty values.
  return data.byteLength === 0 ? seed : crc32(data, seed);
}

/** The CRC-32 of a hard state's fields. */
export function hardStateChecksum(term: number, votedFor: string | null, commitIndex: number): number {
  return crc32(JSON.stringify([term, votedFor, commitIndex]));
}

/** Whether `entries` have consecutive, positive integer indexes and positive integer terms; the reason if not. */
export function invalidBatchReason(entries: readonly Entry[]): string | undefined {
  const firstIndex = entries[0]?.index ?? 1;
  if (!Number.isSafeInteger(firstIndex) || firstIndex < 1) {
    return `the first index must be a positive integer, got ${firstIndex}`;
  }
  for (let offset = 0; offset < entries.length; offset++) {
    const entry = entries[offset]!;
    if (entry.index !== firstIndex + offset) {
      return `indexes must be consecutive: expected ${firstIndex + offset} at position ${offset}, got ${entry.index}`;
    }
    if (!Number.isSafeInteger(entry.term) || entry.term < 1) {
      return `entry ${entry.index} has term ${entry.term}; terms are positive integers`;
    }
    if (TYPE_CODES[entry.type] === undefined)
      return `entry ${entry.index} has unknown type ${String(entry.type)}`;
  }
  return undefined;
}

/** The bytes before the payload in an entry record: CRC-32 (4), term (8, float64 LE), type (1). */
export const ENTRY_RECORD_HEADER_BYTES = 13;

/**
 * Encodes an entry as one self-checking value, to store under its index (a key-value store's
 * value); the index itself is not in the record but seeds its checksum.
 */
export function encodeEntryRecord(entry: Entry): Buffer {
  const type = TYPE_CODES[entry.type];
  const record = Buffer.allocUnsafe(ENTRY_RECORD_HEADER_BYTES + entry.data.byteLength);
  record.writeUInt32LE(entryChecksum(entry.index, entry.term, type, entry.data), 0);
  record.writeDoubleLE(entry.term, 4);
  record.writeUInt8(type, 12);
  record.set(entry.data, ENTRY_RECORD_HEADER_BYTES);
  return record;
}

/** Decodes the record stored under `index`; `undefined` when it is torn or fails its checksum. */
export function decodeEntryRecord(index: number, record: Buffer): Entry | undefined {
  if (record.byteLength < ENTRY_RECORD_HEADER_BYTES) return undefined;
  const crc = record.readUInt32LE(0);
  const term = record.readDoubleLE(4);
  const typeCode = record.readUInt8(12);
  const type = entryTypeFromCode(typeCode);
  const data = record.subarray(ENTRY_RECORD_HEADER_BYTES);
  if (type === undefined || crc !== entryChecksum(index, term, typeCode, data)) return undefined;
  return { index, term, type, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
