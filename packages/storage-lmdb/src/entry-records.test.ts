import { decodeEntryRecord, type Entry, encodeEntryRecord } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { encodeEntryRecords } from './entry-records.js';

const batch: Entry[] = [
  { index: 1, term: 1, type: 'normal', data: new Uint8Array([1, 2, 3]) },
  { index: 2, term: 1, type: 'noop', data: new Uint8Array(0) },
  { index: 3, term: 7, type: 'config', data: Buffer.from('{"voters":["a","b","c"]}') },
  { index: 4, term: 7, type: 'normal', data: new Uint8Array(5000).fill(0xab) },
  { index: 2 ** 40 + 5, term: 2 ** 33, type: 'normal', data: new Uint8Array(256).fill(7) },
];

describe('encodeEntryRecords', () => {
  it('gives, byte for byte, the records encodeEntryRecord gives one by one', () => {
    const records = encodeEntryRecords(batch);
    expect(records).toHaveLength(batch.length);
    records.forEach((record, position) => {
      expect(Buffer.compare(record, encodeEntryRecord(batch[position]!))).toBe(0);
    });
  });

  it('gives records that decode to the entries under their indexes', () => {
    encodeEntryRecords(batch).forEach((record, position) => {
      const entry = batch[position]!;
      const decoded = decodeEntryRecord(entry.index, record);
      expect(decoded).toEqual({ ...entry, data: new Uint8Array(entry.data) });
    });
  });

  it('gives nothing for an empty batch', () => {
    expect(encodeEntryRecords([])).toEqual([]);
  });
});
