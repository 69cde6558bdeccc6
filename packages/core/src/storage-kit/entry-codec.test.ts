import { describe, expect, it } from 'vitest';
import type { Entry } from '../types/entry.js';
import {
  decodeEntryRecord,
  ENTRY_RECORD_HEADER_BYTES,
  encodeEntryRecord,
  entryChecksum,
  entryTypeCode,
  entryTypeFromCode,
  invalidBatchReason,
} from './entry-codec.js';

const entry: Entry = { index: 7, term: 3, type: 'config', data: new TextEncoder().encode('payload') };

describe('storage kit entry codec', () => {
  it('round-trips an entry record, and refuses it under another index, torn or with a flipped byte', () => {
    const record = encodeEntryRecord(entry);
    expect(record.byteLength).toBe(ENTRY_RECORD_HEADER_BYTES + entry.data.byteLength);
    expect(decodeEntryRecord(7, record)).toEqual({ ...entry, data: entry.data });
    expect(decodeEntryRecord(8, record)).toBeUndefined();
    expect(decodeEntryRecord(7, record.subarray(0, ENTRY_RECORD_HEADER_BYTES - 1))).toBeUndefined();
    const flipped = Buffer.from(record);
    flipped[flipped.byteLength - 1]! ^= 1;
    expect(decodeEntryRecord(7, flipped)).toBeUndefined();
  });

  it('binds the checksum to index, term and type, also for an empty payload', () => {
    const empty = new Uint8Array(0);
    const code = entryTypeCode('normal');
    expect(entryChecksum(1, 1, code, empty)).not.toBe(entryChecksum(2, 1, code, empty));
    expect(entryChecksum(1, 1, code, empty)).not.toBe(entryChecksum(1, 2, code, empty));
    expect(entryChecksum(1, 1, code, empty)).not.toBe(entryChecksum(1, 1, entryTypeCode('noop'), empty));
    expect(entryTypeFromCode(code)).toBe('normal');
    expect(entryTypeFromCode(9)).toBeUndefined();
  });

  it('names what is wrong with an append batch', () => {
    expect(invalidBatchReason([entry, { ...entry, index: 8 }])).toBeUndefined();
    expect(invalidBatchReason([entry, { ...entry, index: 9 }])).toMatch(/consecutive/);
    expect(invalidBatchReason([{ ...entry, term: 0 }])).toMatch(/term/);
    expect(invalidBatchReason([{ ...entry, index: 0 }])).toMatch(/first index/);
  });
});
