import { ConfigError } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { parseDurationMs, parsePositiveDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    [150, 150],
    [0, 0],
    [2.5, 2.5],
    ['150ms', 150],
    ['2s', 2000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    [' 20ms ', 20],
  ])('reads %j as %d ms', (value, ms) => {
    expect(parseDurationMs('raft.electionTimeout', value)).toBe(ms);
  });

  it.each(['2', '2 s', '2sec', '-5ms', 'ms', '', Number.NaN, Number.POSITIVE_INFINITY, true, null, {}])(
    'rejects %j, naming the key',
    (value) => {
      expect(() => parseDurationMs('raft.electionTimeout', value)).toThrow(ConfigError);
      expect(() => parseDurationMs('raft.electionTimeout', value)).toThrow(/raft\.electionTimeout.*duration/);
    },
  );

  it('leaves ranges to the caller, except for positive durations', () => {
    expect(parseDurationMs('raft.snapshotInterval', -1)).toBe(-1);
    expect(() => parsePositiveDurationMs('join.timeout', 0)).toThrow(/join\.timeout.*positive/);
    expect(parsePositiveDurationMs('join.timeout', '1m')).toBe(60_000);
  });
});
