import { describe, expect, it } from 'vitest';
import { editDistance, suggestKey } from './suggest-key.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });
});

describe('suggestKey', () => {
  const keys = ['nodeId', 'heartbeatTimeoutMs', 'electionTimeoutMs', 'preVote'];

  it('suggests a key that only differs in case', () => {
    expect(suggestKey('PREVOTE', keys)).toBe('preVote');
  });

  it('suggests the key an unknown key is a prefix of (a forgotten unit)', () => {
    expect(suggestKey('electionTimeout', keys)).toBe('electionTimeoutMs');
  });

  it('suggests the nearest key within the edit-distance budget', () => {
    expect(suggestKey('hartbeatTimeoutMs', keys)).toBe('heartbeatTimeoutMs');
    expect(suggestKey('preVotes', keys)).toBe('preVote');
  });

  it('suggests nothing for an unrelated key', () => {
    expect(suggestKey('colour', keys)).toBeUndefined();
    expect(suggestKey('x', keys)).toBeUndefined();
  });
});
