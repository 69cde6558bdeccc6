import { createSeededRandom, type Message } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeMessages } from './decode.js';
import { encodeMessages } from './encode.js';
import { createMessageGenerator, MESSAGE_TYPES } from './test-support/random-messages.js';
import { BodyField, WIRE_PROTOCOL_VERSION } from './wire-schema.js';

/** Entry data and proposals decode as views: compare them as plain byte arrays. */
function normalize(messages: readonly Message[]): unknown {
  return JSON.parse(
    JSON.stringify(messages, (_key, value) => (value instanceof Uint8Array ? Array.from(value) : value)),
  );
}

describe('encodeMessages / decodeEnvelope round trip', () => {
  it('decodes every random batch to exactly what was encoded (2,000 seeded batches)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const generate = createMessageGenerator(createSeededRandom(seed));
      const { senderId, messages } = generate.batch(6);
      const bytes = encodeMessages(messages, { senderId, clusterId: seed % 2 === 0 ? 'cluster-1' : '' });
      const envelope = decodeEnvelope(bytes);
      expect(envelope.version, `seed ${seed}`).toBe(WIRE_PROTOCOL_VERSION);
      expect(envelope.senderId, `seed ${seed}`).toBe(senderId);
      expect(envelope.clusterId, `seed ${seed}`).toBe(seed % 2 === 0 ? 'cluster-1' : '');
      expect(normalize(envelope.messages), `seed ${seed}`).toEqual(normalize(messages));
    }
  });

  it('has a body field for every message kind, and the random batches cover them all', () => {
    expect(Object.keys(BodyField).sort()).toEqual([...MESSAGE_TYPES].sort());
    const seen = new Set<string>();
    for (let seed = 1; seed <= 2000; seed++) {
      for (const message of createMessageGenerator(createSeededRandom(seed)).batch(6).messages) {
        seen.add(message.type);
      }
    }
    expect([...seen].sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('keeps every field of every message kind, including leader hints and empty payloads', () => {
    const messages: Message[] = [
      {
        type: 'append-entries',
        from: 'a',
        to: 'b',
        term: 3,
        prevLogIndex: 0,
        prevLogTerm: 0,
        leaderCommit: 0,
        entries: [
          { index: 1, term: 1, type: 'noop', data: new Uint8Array() },
          { index: 2, term: 3, type: 'normal', data: new Uint8Array([1, 2, 3]) },
        ],
      },
      {
        type: 'read-index-response',
        from: 'a',
        to: 'b',
        term: 3,
        requestId: 9,
        accepted: false,
        readIndex: 0,
        leaderHint: 'c',
      },
      {
        type: 'forward-proposal-response',
        from: 'a',
        to: 'b',
        term: 0,
        requestId: 0,
        accepted: true,
        firstIndex: 5,
        leaderHint: undefined,
      },
      { type: 'timeout-now', from: 'a', to: 'b', term: Number.MAX_SAFE_INTEGER },
      {
        type: 'request-vote-response',
        from: 'a',
        to: 'b',
        term: 4,
        preVote: false,
        granted: false,
        campaignAgain: true,
      },
      {
        type: 'forward-membership',
        from: 'a',
        to: 'b',
        term: 4,
        requestId: 3,
        operation: { kind: 'join', nodeId: 'c', address: 'c:7000', voter: true },
      },
      {
        type: 'forward-membership-response',
        from: 'a',
        to: 'b',
        term: 4,
        requestId: 3,
        outcome: 'not-leader',
        appliedIndex: 0,
        leaderHint: 'd',
        reason: '',
      },
    ];
    expect(normalize(decodeMessages(encodeMessages(messages)))).toEqual(normalize(messages));
  });

  it('decodes entry payloads as views into the input, without copying', () => {
    const data = new Uint8Array(256).fill(7);
    const bytes = encodeMessages([
      {
        type: 'append-entries',
        from: 'a',
        to: 'b',
        term: 1,
        prevLogIndex: 0,
        prevLogTerm: 0,
        leaderCommit: 0,
        entries: [{ index: 1, term: 1, type: 'normal', data }],
      },
    ]);
    const [message] = decodeMessages(bytes);
    if (message?.type !== 'append-entries') throw new Error('expected an append');
    expect(message.entries[0]!.data.buffer).toBe(bytes.buffer);
    expect(message.entries[0]!.data).toEqual(data);
  });

  it('encodes an empty batch when the sender is given', () => {
    const envelope = decodeEnvelope(encodeMessages([], { senderId: 'a' }));
    expect(envelope.messages).toEqual([]);
    expect(envelope.senderId).toBe('a');
  });
});
