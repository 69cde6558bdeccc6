import { describe, expect, it } from 'vitest';
import { encodeMessages } from '../encode.js';
import { estimateBytes } from './outbound-queue.js';

describe('estimateBytes', () => {
  it('counts a snapshot chunk by its payload, so batches of chunks respect the size limit', () => {
    const chunk = new Uint8Array(256 * 1024);
    const size = estimateBytes({
      type: 'install-snapshot',
      from: 'a',
      to: 'b',
      term: 2,
      transferId: 1,
      lastIncludedIndex: 10,
      lastIncludedTerm: 2,
      membership: { members: [{ id: 'a', address: 'a', voter: true }] },
      totalBytes: chunk.byteLength,
      offset: 0,
      data: chunk,
      done: true,
      checksum: '0'.repeat(64),
    });
    expect(size).toBeGreaterThan(chunk.byteLength);
  });

  it('counts append entries by their payloads', () => {
    const entries = [1, 2].map((index) => ({
      index,
      term: 1,
      type: 'normal' as const,
      data: new Uint8Array(1000),
    }));
    const size = estimateBytes({
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: 1,
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries,
      leaderCommit: 0,
    });
    expect(size).toBeGreaterThan(2000);
  });

  it('counts a forwarded join by its address and a membership answer by its reason (cut to the limit)', () => {
    const join = {
      type: 'forward-membership' as const,
      from: 'a',
      to: 'b',
      term: 1,
      requestId: 1,
      operation: { kind: 'join' as const, nodeId: 'c', address: 'é'.repeat(500), voter: true },
    };
    expect(estimateBytes(join)).toBeGreaterThanOrEqual(encodeMessages([join]).byteLength);
    const answer = {
      type: 'forward-membership-response' as const,
      from: 'b',
      to: 'a',
      term: 1,
      requestId: 1,
      outcome: 'refused' as const,
      appliedIndex: 0,
      leaderHint: 'b',
      reason: '节'.repeat(1000),
    };
    expect(estimateBytes(answer)).toBeGreaterThanOrEqual(encodeMessages([answer]).byteLength);
    expect(estimateBytes({ ...answer, reason: 'r'.repeat(100_000) })).toBeLessThanOrEqual(64 + 4096);
  });
});
