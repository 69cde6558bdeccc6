import { describe, expect, it } from 'vitest';
import {
  clusterObservation,
  entry,
  logOfTerms,
  nodeObservation,
} from '../test-support/observation-builders.js';
import { LeaderAppendOnly } from './leader-append-only.js';

const leader = (
  log: ReturnType<typeof logOfTerms>,
  extra: Parameters<typeof nodeObservation>[0] = { id: 'a' },
) => nodeObservation({ role: 'leader', term: 3, log, ...extra });

describe('LeaderAppendOnly', () => {
  it('holds while the leader appends, and across compaction', () => {
    const invariant = new LeaderAppendOnly();
    const log = logOfTerms(1, 1, 3);
    expect(invariant.check(clusterObservation(1, [leader(log)]))).toBeUndefined();
    expect(invariant.check(clusterObservation(2, [leader([...log, entry(4, 3)])]))).toBeUndefined();
    // Compacting through index 2 is not deletion.
    expect(
      invariant.check(
        clusterObservation(3, [leader([entry(3, 3), entry(4, 3)], { id: 'a', logBaseIndex: 2 })]),
      ),
    ).toBeUndefined();
  });

  it('lets a new term or a restarted process start over', () => {
    const invariant = new LeaderAppendOnly();
    invariant.check(clusterObservation(1, [leader(logOfTerms(1, 3, 3))]));
    expect(
      invariant.check(clusterObservation(2, [leader(logOfTerms(1, 5), { id: 'a', term: 5 })])),
    ).toBeUndefined();
    expect(
      invariant.check(clusterObservation(3, [leader(logOfTerms(1), { id: 'a', term: 5, incarnation: 1 })])),
    ).toBeUndefined();
  });

  it('catches a leader overwriting an entry in its term', () => {
    const invariant = new LeaderAppendOnly();
    invariant.check(clusterObservation(1, [leader(logOfTerms(1, 3, 3))]));
    const violation = invariant.check(
      clusterObservation(2, [leader([entry(1, 1), entry(2, 3), entry(3, 3, 'other')])]),
    );
    expect(violation).toMatchObject({
      invariant: 'Leader Append-Only',
      message: 'the leader overwrote its entry at index 3',
      details: { leader: 'a', term: 3, step: 2 },
    });
  });

  it('catches a leader truncating its log in its term', () => {
    const invariant = new LeaderAppendOnly();
    invariant.check(clusterObservation(1, [leader(logOfTerms(1, 3, 3))]));
    expect(invariant.check(clusterObservation(2, [leader(logOfTerms(1, 3))]))?.message).toBe(
      "the leader's log shrank from last index 3 to 2",
    );
  });

  it('skips a log whose version did not change', () => {
    const invariant = new LeaderAppendOnly();
    invariant.check(clusterObservation(1, [leader(logOfTerms(1, 3, 3), { id: 'a', logVersion: 7 })]));
    expect(
      invariant.check(clusterObservation(2, [leader(logOfTerms(1, 3, 3), { id: 'a', logVersion: 7 })])),
    ).toBeUndefined();
  });
});
