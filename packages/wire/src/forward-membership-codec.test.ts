import type { ForwardMembershipRequest, ForwardMembershipResponse, Message } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeMessages } from './decode.js';
import { encodeMessages } from './encode.js';
import { WireDecodeError } from './errors/wire-decode-error.js';
import { WireEncodeError } from './errors/wire-encode-error.js';
import { MAX_ADDRESS_BYTES, MAX_REASON_BYTES } from './wire-schema.js';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// Hand-built protobuf, independent of the encoder: fields as plain byte arrays.
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
const uintField = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];
const bytesField = (field: number, content: readonly number[]): number[] => [
  ...varint((field << 3) | 2),
  ...varint(content.length),
  ...content,
];
const text = (value: string): number[] => [...Buffer.from(value, 'utf8')];

/** An envelope from `a` holding one message to `b` in term 2 whose body is field `bodyField`. */
function envelope(bodyField: number, body: readonly number[]): Uint8Array {
  const message = [...bytesField(1, text('b')), ...uintField(2, 2), ...bytesField(bodyField, body)];
  return Uint8Array.from([...uintField(1, 1), ...bytesField(3, text('a')), ...bytesField(4, message)]);
}
/** A `ForwardMembership` (body 16) with request id 7 and one operation of the given fields. */
const forward = (...operation: number[][]): Uint8Array =>
  envelope(16, [...uintField(1, 7), ...bytesField(2, operation.flat())]);
/** A `ForwardMembershipResponse` (body 17) of the given fields. */
const answer = (...fields: number[][]): Uint8Array => envelope(17, fields.flat());

const JOIN = 1;
const LEAVE = 2;
const DONE = 1;

function expectDecodeError(bytes: Uint8Array, reason: RegExp): void {
  let caught: unknown;
  try {
    decodeEnvelope(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WireDecodeError);
  expect((caught as WireDecodeError).reason).toMatch(reason);
}

const header = { from: 'a', to: 'b', term: 2 };
const join: ForwardMembershipRequest = {
  type: 'forward-membership',
  ...header,
  requestId: 7,
  operation: { kind: 'join', nodeId: 'c', address: 'x:1', voter: true },
};
const refused: ForwardMembershipResponse = {
  type: 'forward-membership-response',
  ...header,
  requestId: 7,
  outcome: 'refused',
  appliedIndex: 0,
  leaderHint: 'b',
  reason: 'no',
};

describe('membership forwarding on the wire', () => {
  it('is exactly the protobuf encoding of raft.proto (golden bytes of body fields 16 and 17)', () => {
    // 08 01 | 1a 01 'a' | 22 18 [0a 01 'b' | 10 02 | 82 01 10 [08 07 | 12 0c [08 01 | 12 01 'c' |
    // 1a 03 'x:1' | 20 01]]]
    expect(toHex(encodeMessages([join]))).toBe(
      '0801' +
        '1a0161' +
        '2218' +
        '0a0162' +
        '1002' +
        '820110' +
        '0807' +
        '120c' +
        '0801120163' +
        '1a03783a31' +
        '2001',
    );
    // 08 01 | 1a 01 'a' | 22 13 [0a 01 'b' | 10 02 | 8a 01 0b [08 07 | 10 03 | 22 01 'b' | 2a 02 'no']]
    expect(toHex(encodeMessages([refused]))).toBe(
      '0801' + '1a0161' + '2213' + '0a0162' + '1002' + '8a010b' + '0807' + '1003' + '220162' + '2a026e6f',
    );
    // A leave writes neither address nor voter.
    const leave: Message = { ...join, operation: { kind: 'leave', nodeId: 'c' } };
    expect(toHex(encodeMessages([leave]))).toBe(
      '0801' + '1a0161' + '2211' + '0a0162' + '1002' + '820109' + '0807' + '1205' + '0802120163',
    );
    expect(decodeMessages(forward(uintField(1, LEAVE), bytesField(2, text('c'))))).toEqual([leave]);
  });

  it('round-trips joins, leaves and every outcome, with and without hints and reasons', () => {
    const messages: Message[] = [
      join,
      { ...join, requestId: 0, operation: { kind: 'join', nodeId: '节点', address: '', voter: false } },
      {
        ...join,
        requestId: Number.MAX_SAFE_INTEGER,
        operation: { kind: 'join', nodeId: 'c', address: 'é'.repeat(MAX_ADDRESS_BYTES / 2), voter: false },
      },
      { ...join, operation: { kind: 'leave', nodeId: 'x'.repeat(255) } },
      refused,
      {
        ...refused,
        outcome: 'done',
        appliedIndex: Number.MAX_SAFE_INTEGER,
        leaderHint: undefined,
        reason: '',
      },
      { ...refused, outcome: 'not-leader', leaderHint: 'ü-node', reason: '' },
      { ...refused, outcome: 'unknown', requestId: 0, reason: 'r'.repeat(MAX_REASON_BYTES) },
    ];
    expect(decodeMessages(encodeMessages(messages))).toEqual(messages);
  });

  it('cuts a reason longer than MAX_REASON_BYTES at a character boundary, never refusing it', () => {
    // '节' is 3 bytes and '😀' 4 (a surrogate pair): 4,096 falls inside a character for both.
    for (const [reason, kept] of [
      ['节'.repeat(2000), '节'.repeat(1365)],
      [`ab${'😀'.repeat(2000)}`, `ab${'😀'.repeat(1023)}`],
      ['r'.repeat(MAX_REASON_BYTES + 1), 'r'.repeat(MAX_REASON_BYTES)],
    ] as const) {
      const [decoded] = decodeMessages(encodeMessages([{ ...refused, reason }]));
      expect(decoded).toEqual({ ...refused, reason: kept });
    }
  });

  it('accepts what proto3 allows to be absent: an empty address, an explicit empty address on a leave, unknown fields', () => {
    expect(decodeMessages(forward(uintField(1, JOIN), bytesField(2, text('c'))))).toEqual([
      { ...join, operation: { kind: 'join', nodeId: 'c', address: '', voter: false } },
    ]);
    expect(decodeMessages(forward(uintField(1, LEAVE), bytesField(2, text('c')), bytesField(3, [])))).toEqual(
      [{ ...join, operation: { kind: 'leave', nodeId: 'c' } }],
    );
    // Unknown fields 9 in the operation and in the response are skipped.
    expect(
      decodeMessages(forward(uintField(1, LEAVE), bytesField(2, text('c')), uintField(9, 1))),
    ).toHaveLength(1);
    expect(decodeMessages(answer(uintField(2, DONE), bytesField(9, [1, 2])))).toEqual([
      { ...refused, requestId: 0, outcome: 'done', leaderHint: undefined, reason: '' },
    ]);
  });
});

describe('decodeEnvelope refuses a forwarded membership operation', () => {
  it('of an unspecified or unknown kind', () => {
    expectDecodeError(forward(bytesField(2, text('c'))), /MembershipOperation.kind: unknown value 0/);
    expectDecodeError(forward(uintField(1, 3), bytesField(2, text('c'))), /kind: unknown value 3/);
    expectDecodeError(forward(uintField(1, 2 ** 40), bytesField(2, text('c'))), /kind: unknown value/);
  });

  it('without a node id, or with an empty or over-long one', () => {
    expectDecodeError(forward(uintField(1, JOIN), bytesField(3, text('x:1'))), /node_id: required/);
    expectDecodeError(forward(uintField(1, LEAVE), bytesField(2, [])), /node_id: required/);
    expectDecodeError(forward(uintField(1, LEAVE), bytesField(2, text('n'.repeat(256)))), /longer than 255/);
    expectDecodeError(forward(uintField(1, LEAVE), bytesField(2, [0xc3, 0x28])), /node_id: invalid UTF-8/);
  });

  it('missing, or set more than once', () => {
    expectDecodeError(envelope(16, uintField(1, 7)), /ForwardMembership.operation: required/);
    const operation = bytesField(2, [...uintField(1, LEAVE), ...bytesField(2, text('c'))]);
    expectDecodeError(envelope(16, [...operation, ...operation]), /operation: set more than once/);
  });

  it('that is a leave carrying an address or a voter flag', () => {
    expectDecodeError(
      forward(uintField(1, LEAVE), bytesField(2, text('c')), bytesField(3, text('x:1'))),
      /address: set on a leave/,
    );
    expectDecodeError(
      forward(uintField(1, LEAVE), bytesField(2, text('c')), uintField(4, 1)),
      /voter: set on a leave/,
    );
  });

  it('with an address over MAX_ADDRESS_BYTES or not UTF-8, or a voter flag that is not a bool', () => {
    const withAddress = (address: number[]) =>
      forward(uintField(1, JOIN), bytesField(2, text('c')), bytesField(3, address));
    expect(decodeMessages(withAddress(text('a'.repeat(MAX_ADDRESS_BYTES))))).toHaveLength(1);
    expectDecodeError(
      withAddress(text('a'.repeat(MAX_ADDRESS_BYTES + 1))),
      /address: longer than 1024 bytes/,
    );
    expectDecodeError(withAddress([0x61, 0xff]), /address: invalid UTF-8/);
    expectDecodeError(
      forward(uintField(1, JOIN), bytesField(2, text('c')), uintField(4, 2)),
      /voter: invalid bool 2/,
    );
  });

  it('with wrong wire types or a request id past 2^53 - 1', () => {
    expectDecodeError(envelope(16, uintField(2, 1)), /operation: wire type 0/);
    expectDecodeError(forward(bytesField(1, [1]), bytesField(2, text('c'))), /kind: wire type 2/);
    expectDecodeError(forward(uintField(1, JOIN), uintField(2, 1)), /node_id: wire type 0/);
    expectDecodeError(
      forward(uintField(1, JOIN), bytesField(2, text('c')), uintField(3, 1)),
      /address: wire type 0/,
    );
    expectDecodeError(
      envelope(16, [
        ...uintField(1, 2 ** 53),
        ...bytesField(2, [...uintField(1, LEAVE), ...bytesField(2, text('c'))]),
      ]),
      /2\^53/,
    );
  });
});

describe('decodeEnvelope refuses a forwarded membership answer', () => {
  it('with an unspecified or unknown outcome', () => {
    expectDecodeError(answer(uintField(1, 7)), /ForwardMembershipResponse.outcome: unknown value 0/);
    expectDecodeError(answer(uintField(2, 5)), /outcome: unknown value 5/);
  });

  it('with a reason over MAX_REASON_BYTES or not UTF-8', () => {
    expect(
      decodeMessages(answer(uintField(2, DONE), bytesField(5, text('r'.repeat(MAX_REASON_BYTES))))),
    ).toHaveLength(1);
    expectDecodeError(
      answer(uintField(2, DONE), bytesField(5, text('r'.repeat(MAX_REASON_BYTES + 1)))),
      /reason: longer than 4096 bytes/,
    );
    expectDecodeError(answer(uintField(2, DONE), bytesField(5, [0xe8, 0x8a])), /reason: invalid UTF-8/);
  });

  it('with an over-long leader hint, wrong wire types, or indexes past 2^53 - 1', () => {
    expectDecodeError(
      answer(uintField(2, DONE), bytesField(4, text('h'.repeat(256)))),
      /leader_hint: longer than 255/,
    );
    expectDecodeError(answer(bytesField(2, [1])), /outcome: wire type 2/);
    expectDecodeError(answer(uintField(2, DONE), uintField(5, 1)), /reason: wire type 0/);
    expectDecodeError(answer(uintField(2, DONE), uintField(3, 2 ** 53)), /2\^53/);
    expectDecodeError(answer(uintField(2, DONE), uintField(1, 2 ** 53)), /2\^53/);
  });
});

describe('encodeMessages, for membership forwarding,', () => {
  it('refuses what the wire cannot carry: bad node ids, long addresses, unknown kinds and outcomes', () => {
    const withOperation = (operation: unknown) =>
      encodeMessages([{ ...join, operation } as ForwardMembershipRequest]);
    expect(() => withOperation({ kind: 'leave', nodeId: '' })).toThrow(/operation.nodeId/);
    expect(() => withOperation({ kind: 'leave', nodeId: 'n'.repeat(256) })).toThrow(/longer than 255/);
    expect(() =>
      withOperation({ kind: 'join', nodeId: 'c', address: 'a'.repeat(1025), voter: true }),
    ).toThrow(/operation.address: longer than 1024/);
    expect(() => withOperation({ kind: 'promote', nodeId: 'c' })).toThrow(/unknown operation kind "promote"/);
    expect(() => withOperation(undefined)).toThrow(WireEncodeError);
    expect(() => encodeMessages([{ ...join, requestId: -1 }])).toThrow(/requestId/);
    expect(() => encodeMessages([{ ...refused, outcome: 'maybe' as 'done' }])).toThrow(
      /unknown outcome "maybe"/,
    );
    expect(() => encodeMessages([{ ...refused, appliedIndex: 1.5 }])).toThrow(/appliedIndex/);
  });
});
