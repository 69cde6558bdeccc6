import type { Message } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeMessages } from './decode.js';
import { encodeMessages } from './encode.js';
import { UnsupportedVersionError } from './errors/unsupported-version-error.js';
import { WireDecodeError } from './errors/wire-decode-error.js';
import { WireEncodeError } from './errors/wire-encode-error.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const heartbeat: Message = { type: 'heartbeat', from: 'a', to: 'b', term: 2, commitIndex: 5, readRound: 0 };

function append(
  entries: Message extends infer _ ? { index: number; term: number }[] : never,
  term = 3,
): Message {
  return {
    type: 'append-entries',
    from: 'a',
    to: 'b',
    term,
    prevLogIndex: 4,
    prevLogTerm: 1,
    leaderCommit: 4,
    entries: entries.map((entry) => ({ ...entry, type: 'normal' as const, data: new Uint8Array([9]) })),
  };
}

function expectDecodeError(bytes: Uint8Array, reason: RegExp): void {
  let caught: unknown;
  try {
    decodeEnvelope(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WireDecodeError);
  expect((caught as WireDecodeError).code).toBe('ERR_RAFT_WIRE_DECODE');
  expect((caught as WireDecodeError).reason).toMatch(reason);
}

describe('the wire format', () => {
  it('is exactly the protobuf encoding of raft.proto (golden bytes)', () => {
    // Envelope{version=1, sender_id="a", messages=[RaftMessage{to="b", term=2, heartbeat{commit_index=5}}]}
    expect(toHex(encodeMessages([heartbeat], { clusterId: 'c' }))).toBe(
      // 08 01 | 12 01 'c' | 1a 01 'a' | 22 09 [0a 01 'b' | 10 02 | 3a 02 [08 05]]
      '0801' + '120163' + '1a0161' + '2209' + '0a0162' + '1002' + '3a020805',
    );
  });

  it('skips unknown fields (a newer peer may add some)', () => {
    // The golden envelope plus an unknown varint field 9 in the envelope and an unknown bytes
    // field 15 in the heartbeat body.
    const bytes = hex('0801 1a0161 4801 220d 0a0162 1002 3a06 0805 7a020000');
    expect(decodeMessages(bytes)).toEqual([heartbeat]);
  });

  it('carries campaign_again as RequestVoteResponse field 3, read as false from a sender without it', () => {
    const refusal: Message = {
      type: 'request-vote-response',
      from: 'a',
      to: 'b',
      term: 2,
      preVote: false,
      granted: false,
      campaignAgain: true,
    };
    // 08 01 | 1a 01 'a' | 22 09 [0a 01 'b' | 10 02 | 32 02 [18 01]]
    expect(toHex(encodeMessages([refusal]))).toBe(
      '0801' + '1a0161' + '2209' + '0a0162' + '1002' + '32021801',
    );
    // An older sender writes pre_vote and granted only.
    expect(decodeMessages(hex('0801 1a0161 220b 0a0162 1002 3204 0801 1001'))).toEqual([
      { ...refusal, preVote: true, granted: true, campaignAgain: false },
    ]);
    expectDecodeError(hex('0801 1a0161 2209 0a0162 1002 3202 1802'), /field 3: invalid bool 2/);
  });
});

describe('decodeEnvelope refuses', () => {
  it('an unknown protocol version with UnsupportedVersionError', () => {
    const bytes = hex('0802 1a0161');
    expect(() => decodeEnvelope(bytes)).toThrow(UnsupportedVersionError);
    try {
      decodeEnvelope(bytes);
    } catch (error) {
      expect((error as UnsupportedVersionError).code).toBe('ERR_RAFT_WIRE_UNSUPPORTED_VERSION');
      expect((error as UnsupportedVersionError).version).toBe(2);
    }
  });

  it('a missing version or sender', () => {
    expectDecodeError(hex('1a0161'), /version: required/);
    expectDecodeError(hex('0801'), /sender_id: required/);
  });

  it('truncated input', () => {
    const bytes = encodeMessages([heartbeat]);
    // Cut inside the message (a cut between top-level fields is a shorter, valid envelope).
    for (let length = 6; length < bytes.length; length++) {
      expect(() => decodeEnvelope(bytes.subarray(0, length))).toThrow(WireDecodeError);
    }
  });

  it('wrong wire types, group wire types and field number 0', () => {
    expectDecodeError(hex('0a0101 1a0161'), /version: wire type 2/);
    expectDecodeError(hex('0801 1a0161 0b'), /wire type 3/);
    expectDecodeError(hex('0801 1a0161 00'), /invalid field key/);
  });

  it('integers past 2^53 - 1 and varints longer than 10 bytes', () => {
    // term = 2^53
    expectDecodeError(hex('0801 1a0161 220e 0a0162 1080808080808080 10 3a00'), /2\^53/);
    expectDecodeError(hex('0801 1a0161 48ffffffffffffffffffff01'), /longer than 10 bytes/);
  });

  it('a message without a body, without a recipient, or with two bodies', () => {
    expectDecodeError(hex('0801 1a0161 2205 0a0162 1002'), /body: required/);
    expectDecodeError(hex('0801 1a0161 2204 1002 4a00'), /to: required/);
    expectDecodeError(hex('0801 1a0161 2207 0a0162 4a00 4a00'), /more than once/);
  });

  it('a message kind this version does not know (body field 18)', () => {
    expectDecodeError(hex('0801 1a0161 2206 0a0162 920100'), /body: required/);
  });

  it('snapshot chunks past their total size, bad checksums and duplicate members', () => {
    const chunk = {
      type: 'install-snapshot' as const,
      from: 'a',
      to: 'b',
      term: 2,
      transferId: 1,
      lastIncludedIndex: 10,
      lastIncludedTerm: 2,
      membership: { members: [{ id: 'a', address: 'x:1', voter: true }] },
      totalBytes: 4,
      offset: 2,
      data: new Uint8Array([1, 2]),
      done: true,
      checksum: 'ab'.repeat(32),
    };
    expect(decodeMessages(encodeMessages([chunk]))).toHaveLength(1);
    expectDecodeError(encodeMessages([{ ...chunk, offset: 3 }]), /past totalBytes/);
    expectDecodeError(encodeMessages([{ ...chunk, checksum: 'XY'.repeat(32) }]), /checksum/);
    const duplicate = { members: [chunk.membership.members[0]!, chunk.membership.members[0]!] };
    expectDecodeError(encodeMessages([{ ...chunk, membership: duplicate }]), /duplicate id/);
  });

  it('invalid UTF-8 in a node id and over-long node ids', () => {
    expectDecodeError(hex('0801 1a02c328'), /invalid UTF-8/);
    expectDecodeError(
      Uint8Array.from([0x08, 0x01, 0x1a, 0x80, 0x02, ...new Uint8Array(256).fill(0x61)]),
      /longer than 255/,
    );
  });

  it('a bool that is not 0 or 1', () => {
    expectDecodeError(hex('0801 1a0161 2207 0a0162 3202 0802'), /invalid bool/);
  });

  it('unknown and unspecified entry types, and entries with index or term 0', () => {
    const body = (entry: string) => {
      const entryBytes = hex(entry);
      return Uint8Array.from([
        ...hex('0801 1a0161 22'),
        entryBytes.length + 9,
        ...hex('0a0162 1001 1a'),
        entryBytes.length + 2,
        0x1a,
        entryBytes.length,
        ...entryBytes,
      ]);
    };
    expect(decodeMessages(body('0801 1001 1801'))).toHaveLength(1);
    expectDecodeError(body('0801 1001 1807'), /Entry.type: unknown value 7/);
    expectDecodeError(body('0801 1001'), /Entry.type: unknown value 0/);
    expectDecodeError(body('1001 1801'), /Entry.index: required/);
    expectDecodeError(body('0801 1801'), /Entry.term: required/);
  });

  it('appends whose entries are not consecutive after prevLogIndex, or whose terms go wrong', () => {
    expect(
      decodeMessages(
        encodeMessages([
          append([
            { index: 5, term: 1 },
            { index: 6, term: 3 },
          ]),
        ]),
      ),
    ).toHaveLength(1);
    expectDecodeError(encodeMessages([append([{ index: 6, term: 1 }])]), /entries\[0\].index: 6, expected 5/);
    expectDecodeError(
      encodeMessages([
        append([
          { index: 5, term: 2 },
          { index: 7, term: 2 },
        ]),
      ]),
      /expected 6/,
    );
    expectDecodeError(
      encodeMessages([
        append([
          { index: 5, term: 2 },
          { index: 6, term: 1 },
        ]),
      ]),
      /term: 1 outside/,
    );
    expectDecodeError(encodeMessages([append([{ index: 5, term: 4 }])]), /term: 4 outside/);
  });

  it('sizes over the limits', () => {
    const bytes = encodeMessages([heartbeat, heartbeat, heartbeat]);
    expect(() => decodeEnvelope(bytes, { limits: { maxEnvelopeBytes: bytes.length - 1 } })).toThrow(
      /maxEnvelopeBytes/,
    );
    expect(() => decodeEnvelope(bytes, { limits: { maxMessagesPerEnvelope: 2 } })).toThrow(
      /maxMessagesPerEnvelope/,
    );
    const appendBytes = encodeMessages([
      append([
        { index: 5, term: 1 },
        { index: 6, term: 1 },
      ]),
    ]);
    expect(() => decodeEnvelope(appendBytes, { limits: { maxEntriesPerMessage: 1 } })).toThrow(
      /maxEntriesPerMessage/,
    );
  });

  it('input that is not a Uint8Array', () => {
    expect(() => decodeEnvelope('nope' as unknown as Uint8Array)).toThrow(WireDecodeError);
  });
});

describe('encodeMessages refuses', () => {
  it('messages from another sender, bad numbers and empty ids', () => {
    expect(() => encodeMessages([heartbeat], { senderId: 'z' })).toThrow(WireEncodeError);
    expect(() => encodeMessages([{ ...heartbeat, term: -1 }])).toThrow(/term/);
    expect(() => encodeMessages([{ ...heartbeat, term: 1.5 }])).toThrow(/term/);
    expect(() => encodeMessages([{ ...heartbeat, to: '' }])).toThrow(/to/);
    expect(() => encodeMessages([])).toThrow(/senderId/);
  });
});
