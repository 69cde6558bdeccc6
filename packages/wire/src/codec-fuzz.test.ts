import { createSeededRandom, isRaftError } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from './decode.js';
import { encodeMessages } from './encode.js';
import { UnsupportedVersionError } from './errors/unsupported-version-error.js';
import { WireDecodeError } from './errors/wire-decode-error.js';
import { isWellFormedMessage } from './test-support/check-message.js';
import { createMessageGenerator } from './test-support/random-messages.js';

/**
 * Decodes hostile `bytes`: the only acceptable outcomes are a typed rejection or well-formed
 * messages that encode again. Returns which happened.
 */
function decodeHostile(bytes: Uint8Array): 'rejected' | 'accepted' {
  try {
    const envelope = decodeEnvelope(bytes, { limits: { maxEntriesPerMessage: 1000 } });
    for (const message of envelope.messages) {
      if (!isWellFormedMessage(message)) throw new Error(`garbage accepted: ${JSON.stringify(message)}`);
      expect(message.from).toBe(envelope.senderId);
    }
    encodeMessages(envelope.messages, { senderId: envelope.senderId });
    return 'accepted';
  } catch (error) {
    if (error instanceof WireDecodeError || error instanceof UnsupportedVersionError) {
      expect(isRaftError(error)).toBe(true);
      return 'rejected';
    }
    throw error;
  }
}

function mutate(random: () => number, input: Uint8Array): Uint8Array {
  const generate = createMessageGenerator(random);
  const bytes = Uint8Array.from(input);
  const position = bytes.length === 0 ? 0 : generate.int(bytes.length - 1);
  switch (generate.int(5)) {
    case 0: // flip one bit
      if (bytes.length > 0) bytes[position]! ^= 1 << generate.int(7);
      return bytes;
    case 1: // overwrite one byte
      if (bytes.length > 0) bytes[position] = generate.int(255);
      return bytes;
    case 2: // truncate
      return bytes.subarray(0, position);
    case 3: {
      // insert random bytes
      const inserted = generate.bytes(8);
      const result = new Uint8Array(bytes.length + inserted.length);
      result.set(bytes.subarray(0, position));
      result.set(inserted, position);
      result.set(bytes.subarray(position), position + inserted.length);
      return result;
    }
    case 4: // delete a run
      return Uint8Array.from([...bytes.subarray(0, position), ...bytes.subarray(position + generate.int(8))]);
    default: {
      // splice a random tail
      const tail = generate.bytes(16);
      const result = new Uint8Array(position + tail.length);
      result.set(bytes.subarray(0, position));
      result.set(tail, position);
      return result;
    }
  }
}

/** Tens of thousands of decodes take seconds on a loaded 2-core machine: more than vitest's 5 s default. */
const FUZZ_TIMEOUT_MS = 60_000;

describe('decoding hostile bytes', () => {
  it(
    'rejects 20,000 random byte strings with typed errors only',
    () => {
      const random = createSeededRandom(1);
      const generate = createMessageGenerator(random);
      const outcomes = { rejected: 0, accepted: 0 };
      for (let run = 0; run < 20_000; run++) {
        outcomes[decodeHostile(generate.bytes(run % 2 === 0 ? 16 : 200))]++;
      }
      expect(outcomes.rejected).toBeGreaterThan(19_000);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'handles 30,000 mutated valid envelopes: typed rejection or well-formed messages',
    () => {
      const random = createSeededRandom(2);
      const generate = createMessageGenerator(random);
      const outcomes = { rejected: 0, accepted: 0 };
      for (let run = 0; run < 30_000; run++) {
        const { senderId, messages } = generate.batch(4);
        let bytes = encodeMessages(messages, { senderId });
        const mutations = 1 + generate.int(3);
        for (let count = 0; count < mutations; count++) bytes = mutate(random, bytes);
        outcomes[decodeHostile(bytes)]++;
      }
      // Both outcomes occur: mutations of payload bytes stay valid, structural ones are refused.
      expect(outcomes.rejected).toBeGreaterThan(1000);
      expect(outcomes.accepted).toBeGreaterThan(1000);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'handles 10,000 mutated membership-forwarding envelopes: typed rejection or well-formed messages',
    () => {
      const random = createSeededRandom(3);
      const generate = createMessageGenerator(random);
      const outcomes = { rejected: 0, accepted: 0 };
      for (let run = 0; run < 10_000; run++) {
        const type = run % 2 === 0 ? 'forward-membership' : 'forward-membership-response';
        const messages = Array.from({ length: 1 + generate.int(2) }, () => generate.message('a', type));
        let bytes = encodeMessages(messages);
        const mutations = 1 + generate.int(2);
        for (let count = 0; count < mutations; count++) bytes = mutate(random, bytes);
        outcomes[decodeHostile(bytes)]++;
      }
      expect(outcomes.rejected).toBeGreaterThan(500);
      expect(outcomes.accepted).toBeGreaterThan(500);
    },
    FUZZ_TIMEOUT_MS,
  );
});
