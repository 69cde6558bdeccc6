import type { Membership } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { findDisjointQuorums } from './quorum-intersection.js';

const config = (voters: string, learners = ''): Membership => ({
  members: [
    ...[...voters].map((id) => ({ id, address: id, voter: true })),
    ...[...learners].map((id) => ({ id, address: id, voter: false })),
  ],
});
const joint = (incoming: string, outgoing: string): Membership => ({
  ...config(incoming),
  outgoingVoters: [...outgoing],
});

describe('findDisjointQuorums', () => {
  it('finds none between a configuration and itself', () => {
    expect(findDisjointQuorums(config('abc'), config('abc'))).toBeUndefined();
    expect(findDisjointQuorums(config('abcde'), config('abcde'))).toBeUndefined();
  });

  it('finds none across single-server steps (add or remove one voter; learners do not count)', () => {
    expect(findDisjointQuorums(config('abc'), config('abcd'))).toBeUndefined();
    expect(findDisjointQuorums(config('abcd'), config('abcde'))).toBeUndefined();
    expect(findDisjointQuorums(config('abcde'), config('abce'))).toBeUndefined();
    expect(findDisjointQuorums(config('abc'), config('ab'))).toBeUndefined();
    expect(findDisjointQuorums(config('abc', 'de'), config('abcd', 'e'))).toBeUndefined();
  });

  it('finds disjoint majorities for a direct 3 → 5 jump and for a two-voter replacement', () => {
    const jump = findDisjointQuorums(config('abc'), config('abcde'));
    expect(jump).toBeDefined();
    // Each side really is a majority of its configuration, and they share no node.
    expect(jump!.first.length).toBeGreaterThanOrEqual(2);
    expect(jump!.second.length).toBeGreaterThanOrEqual(3);
    expect(jump!.first.filter((id) => jump!.second.includes(id))).toEqual([]);
    expect(jump!.first.every((id) => 'abc'.includes(id))).toBe(true);
    expect(findDisjointQuorums(config('abc'), config('ade'))).toBeDefined();
    expect(findDisjointQuorums(config('abcde'), config('abc'))).toBeDefined();
  });

  it('finds none across a joint transition: C_old, C_old,new and C_new pairwise with their neighbours', () => {
    const old = config('abc');
    const transition = joint('abcde', 'abc');
    const next = config('abcde');
    expect(findDisjointQuorums(old, transition)).toBeUndefined();
    expect(findDisjointQuorums(transition, next)).toBeUndefined();
    expect(findDisjointQuorums(transition, transition)).toBeUndefined();
    // Replacing two of three voters at once, through a joint configuration.
    expect(findDisjointQuorums(config('abc'), joint('ade', 'abc'))).toBeUndefined();
    expect(findDisjointQuorums(joint('ade', 'abc'), config('ade'))).toBeUndefined();
    // Skipping the joint step is exactly what the transition prevents.
    expect(findDisjointQuorums(old, next)).toBeDefined();
  });

  it('finds disjoint majorities when a joint configuration is compared with an unrelated one', () => {
    expect(findDisjointQuorums(joint('abcde', 'abc'), config('defgh'))).toBeDefined();
  });
});
