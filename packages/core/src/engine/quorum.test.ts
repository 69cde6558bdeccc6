import { describe, expect, it } from 'vitest';
import { majority, quorumMatchIndex, tallyVotes } from './quorum.js';

describe('quorum arithmetic', () => {
  it('majority is more than half', () => {
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it('the quorum match index is the highest index a majority holds', () => {
    expect(quorumMatchIndex([5])).toBe(5);
    expect(quorumMatchIndex([9, 3, 5])).toBe(5);
    expect(quorumMatchIndex([9, 3, 5, 7])).toBe(5);
    expect(quorumMatchIndex([9, 3, 5, 7, 1])).toBe(5);
  });

  it('matches a naive reference on random inputs', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let run = 0; run < 500; run++) {
      const values = Array.from({ length: 1 + (next() % 7) }, () => next() % 20);
      // Naive: the largest x such that at least a majority of values are >= x.
      let expected = 0;
      for (let x = 0; x <= 20; x++) {
        if (values.filter((value) => value >= x).length >= majority(values.length)) expected = x;
      }
      expect(quorumMatchIndex(values)).toBe(expected);
    }
  });

  it('tallies votes into won, lost or pending', () => {
    const voters = ['a', 'b', 'c'];
    expect(tallyVotes(voters, new Map([['a', true]]))).toBe('pending');
    expect(
      tallyVotes(
        voters,
        new Map([
          ['a', true],
          ['b', true],
        ]),
      ),
    ).toBe('won');
    expect(
      tallyVotes(
        voters,
        new Map([
          ['a', true],
          ['b', false],
          ['c', false],
        ]),
      ),
    ).toBe('lost');
    // Votes from non-voters do not count.
    expect(
      tallyVotes(
        voters,
        new Map([
          ['a', true],
          ['x', true],
        ]),
      ),
    ).toBe('pending');
  });
});
