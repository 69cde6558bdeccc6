import type { Entry, EntryType, HardState, Membership } from '@raft/core';

/**
 * Deterministic payload bytes for the entry at `index` in `term`: a reader can tell from the bytes
 * alone which write they came from, so a torn or misplaced record cannot pass for a good one.
 */
export function payloadFor(index: number, term: number, sizeBytes: number): Uint8Array {
  const bytes = new Uint8Array(sizeBytes);
  let state = (Math.imul(index, 0x9e3779b1) ^ Math.imul(term, 0x85ebca6b)) >>> 0 || 1;
  for (let position = 0; position < sizeBytes; position++) {
    // xorshift32: cheap, deterministic, and never stuck at zero.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[position] = state & 0xff;
  }
  return bytes;
}

/** One entry with a deterministic payload (16 bytes unless `sizeBytes` says otherwise). */
export function makeEntry(index: number, term: number, type: EntryType = 'normal', sizeBytes = 16): Entry {
  return { index, term, type, data: payloadFor(index, term, sizeBytes) };
}

/** The entries `fromIndex..toIndex` (inclusive), all in `term`, with deterministic payloads. */
export function makeEntries(fromIndex: number, toIndex: number, term: number, sizeBytes = 16): Entry[] {
  const entries: Entry[] = [];
  for (let index = fromIndex; index <= toIndex; index++)
    entries.push(makeEntry(index, term, 'normal', sizeBytes));
  return entries;
}

/** An entry as plain data (payload as hex), so `toEqual` compares bytes whatever the buffer class. */
export interface PlainEntry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  readonly data: string;
}

/** See {@link PlainEntry}. */
export function plain(entries: readonly Entry[]): PlainEntry[] {
  return entries.map((entry) => ({
    index: entry.index,
    term: entry.term,
    type: entry.type,
    data: toHex(entry.data),
  }));
}

/** The bytes as a hex string. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A hard state as plain data: `votedFor` absent and `undefined` compare equal under `toEqual`. */
export function plainHardState(state: HardState | undefined): HardState | undefined {
  if (state === undefined) return undefined;
  return { term: state.term, votedFor: state.votedFor, commitIndex: state.commitIndex };
}

/** A two-member configuration with a voter and a learner. */
export const SAMPLE_MEMBERSHIP: Membership = {
  members: [
    { id: 'node-a', address: '127.0.0.1:7001', voter: true },
    { id: 'node-b', address: '127.0.0.1:7002', voter: false },
  ],
};

/** Concatenates chunks into one buffer. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}
